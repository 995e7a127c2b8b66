#pragma once
// Our own GEMM kernels, C[M×N] = A·B in row-major storage with the same layout
// flags as the probes (a_transposed: A stored K×M; b_transposed: B stored N×K).
// Launchers only launch; timing and checking belong to the caller.

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace advise {

// fp32: 128×128 block tiles staged through shared memory in K-slices of 8,
// each of 256 threads computing an 8×8 register block; float4 loads where the
// storage allows (K or N a multiple of 4 and no transposition in that operand).
void launch_sgemm(const float* a, const float* b, float* c, std::int64_t m, std::int64_t n, std::int64_t k,
                  bool a_transposed, bool b_transposed, cudaStream_t stream);

// Tensor cores (WMMA 16×16×16, fp32 accumulation): bf16 or fp16 operands, fp32 C.
// M, N and K must be multiples of 16; returns false (launching nothing) otherwise.
bool launch_tensor_core_gemm_bf16(const __nv_bfloat16* a, const __nv_bfloat16* b, float* c, std::int64_t m,
                                  std::int64_t n, std::int64_t k, bool a_transposed, bool b_transposed,
                                  cudaStream_t stream);
bool launch_tensor_core_gemm_fp16(const __half* a, const __half* b, float* c, std::int64_t m, std::int64_t n,
                                  std::int64_t k, bool a_transposed, bool b_transposed, cudaStream_t stream);

}  // namespace advise
