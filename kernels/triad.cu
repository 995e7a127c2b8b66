#include "cuda_check.hpp"
#include "triad.hpp"

namespace advise {

// Grid-stride loop: a fixed grid sized to the device covers any n.
__global__ void triad_kernel(double* __restrict__ a, const double* __restrict__ b,
                             const double* __restrict__ c, double s, std::int64_t n) {
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    a[i] = b[i] + s * c[i];
  }
}

__global__ void triad_inputs_kernel(double* __restrict__ b, double* __restrict__ c, std::int64_t n) {
  const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    b[i] = triad_b(i);
    c[i] = triad_c(i);
  }
}

void launch_triad_inputs(double* b, double* c, std::int64_t n, cudaStream_t stream) {
  triad_inputs_kernel<<<1024, 256, 0, stream>>>(b, c, n);
  ADVISE_CUDA_CHECK(cudaGetLastError());
}

void launch_triad(double* a, const double* b, const double* c, double s, std::int64_t n, cudaStream_t stream) {
  int device = 0;
  int sm_count = 0;
  ADVISE_CUDA_CHECK(cudaGetDevice(&device));
  ADVISE_CUDA_CHECK(cudaDeviceGetAttribute(&sm_count, cudaDevAttrMultiProcessorCount, device));
  constexpr int kThreads = 256;
  // Enough resident blocks to keep every SM's memory pipeline full.
  const int blocks = sm_count * 8;
  triad_kernel<<<blocks, kThreads, 0, stream>>>(a, b, c, s, n);
  ADVISE_CUDA_CHECK(cudaGetLastError());
}

}  // namespace advise
