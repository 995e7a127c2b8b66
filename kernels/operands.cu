#include "operands.hpp"

#include <algorithm>

#include "cuda_check.hpp"
#include "probes/operand_values.hpp"

namespace advise {
namespace {

__device__ __forceinline__ void store(float* out, std::int64_t i, float value) { out[i] = value; }
__device__ __forceinline__ void store(__nv_bfloat16* out, std::int64_t i, float value) { out[i] = __float2bfloat16(value); }
__device__ __forceinline__ void store(__half* out, std::int64_t i, float value) { out[i] = __float2half(value); }

// Grid-stride loop: a fixed grid covers any count.
template <typename Element>
__global__ void fill_kernel(Element* __restrict__ out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask) {
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride) {
    store(out, i, operand_value(static_cast<std::uint64_t>(i), seed, keep_mask));
  }
}

template <typename Element>
void launch(Element* out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask, cudaStream_t stream) {
  constexpr int kThreads = 256;
  constexpr std::int64_t kMaxBlocks = 65536;
  const auto blocks = static_cast<unsigned>(std::min(kMaxBlocks, (count + kThreads - 1) / kThreads));
  if (blocks == 0) return;
  fill_kernel<<<blocks, kThreads, 0, stream>>>(out, count, seed, keep_mask);
  ADVISE_CUDA_CHECK(cudaGetLastError());
}

}  // namespace

void launch_fill_operand(float* out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask, cudaStream_t stream) {
  launch(out, count, seed, keep_mask, stream);
}

void launch_fill_operand(__nv_bfloat16* out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask,
                         cudaStream_t stream) {
  launch(out, count, seed, keep_mask, stream);
}

void launch_fill_operand(__half* out, std::int64_t count, std::uint64_t seed, std::uint32_t keep_mask, cudaStream_t stream) {
  launch(out, count, seed, keep_mask, stream);
}

}  // namespace advise
