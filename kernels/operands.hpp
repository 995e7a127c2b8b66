#pragma once
// Fills GEMM operands on the device with the probes' values (probes/operand_values.hpp),
// so that a large probed shape needs no host copy of its operands: the host recomputes
// the few values the result check reads.

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace advise {

// out[i] = operand_value(i, seed, keep_mask), converted to the operand type; launches on
// `stream` without synchronising.
void launch_fill_operand(float* out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask, cudaStream_t stream);
void launch_fill_operand(__nv_bfloat16* out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask,
                         cudaStream_t stream);
void launch_fill_operand(__half* out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask, cudaStream_t stream);

}  // namespace advise
