#include "compare.hpp"
#include "cuda_check.hpp"

namespace advise {

__global__ void sampled_compare_kernel(const float* __restrict__ result, const float* __restrict__ reference,
                                       const std::int64_t* __restrict__ indices, int count, float tolerance,
                                       int* mismatches) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const float got = result[indices[i]];
  const float expected = reference[indices[i]];
  const bool finite = isfinite(got) && isfinite(expected);
  if (!finite || fabsf(got - expected) > tolerance * (fabsf(expected) + 1.0f)) atomicAdd(mismatches, 1);
}

void launch_sampled_compare(const float* result, const float* reference, const std::int64_t* indices,
                            int count, float tolerance, int* mismatches, cudaStream_t stream) {
  ADVISE_CUDA_CHECK(cudaMemsetAsync(mismatches, 0, sizeof(int), stream));
  if (count <= 0) return;
  constexpr int kThreads = 256;
  const int blocks = (count + kThreads - 1) / kThreads;
  sampled_compare_kernel<<<blocks, kThreads, 0, stream>>>(result, reference, indices, count, tolerance,
                                                          mismatches);
  ADVISE_CUDA_CHECK(cudaGetLastError());
}

}  // namespace advise
