#include <algorithm>

#include "cuda_check.hpp"
#include "gemm.hpp"

namespace advise {
namespace {

constexpr int kBlockM = 128;
constexpr int kBlockN = 128;
constexpr int kBlockK = 8;
constexpr int kThreadM = 8;
constexpr int kThreadN = 8;
constexpr int kThreads = (kBlockM / kThreadM) * (kBlockN / kThreadN);  // 256

// Element (row, col) of a row-major matrix stored as `rows`×`cols`, or transposed.
__device__ __forceinline__ float load(const float* matrix, std::int64_t row, std::int64_t col, std::int64_t rows,
                                      std::int64_t cols, bool transposed) {
  if (row >= rows || col >= cols) return 0.0f;
  return transposed ? matrix[col * rows + row] : matrix[row * cols + col];
}

// The A slice of one K-step: 128 rows × 8 columns = 1024 values, 4 per thread; kept
// transposed in shared memory so each thread reads a column of 8 as consecutive values.
template <bool kVectorA>
__device__ __forceinline__ void stage_a_slice(float (&a_tile)[kBlockK][kBlockM], const float* __restrict__ a,
                                              std::int64_t block_row, std::int64_t k0, std::int64_t m, std::int64_t k,
                                              bool a_transposed) {
  if (kVectorA) {
    const int row = threadIdx.x / 2;
    const int col = (threadIdx.x % 2) * 4;
    const std::int64_t global_row = block_row + row;
    float4 value = make_float4(0, 0, 0, 0);
    if (global_row < m && k0 + col + 3 < k) {
      value = *reinterpret_cast<const float4*>(&a[global_row * k + k0 + col]);
    } else if (global_row < m) {
      value.x = load(a, global_row, k0 + col + 0, m, k, false);
      value.y = load(a, global_row, k0 + col + 1, m, k, false);
      value.z = load(a, global_row, k0 + col + 2, m, k, false);
      value.w = load(a, global_row, k0 + col + 3, m, k, false);
    }
    a_tile[col + 0][row] = value.x;
    a_tile[col + 1][row] = value.y;
    a_tile[col + 2][row] = value.z;
    a_tile[col + 3][row] = value.w;
  } else {
    for (int i = threadIdx.x; i < kBlockM * kBlockK; i += kThreads) {
      const int row = i % kBlockM;
      const int col = i / kBlockM;
      a_tile[col][row] = load(a, block_row + row, k0 + col, m, k, a_transposed);
    }
  }
}

// The B slice of one K-step: 8 rows × 128 columns = 1024 values, 4 per thread.
template <bool kVectorB>
__device__ __forceinline__ void stage_b_slice(float (&b_tile)[kBlockK][kBlockN], const float* __restrict__ b,
                                              std::int64_t block_col, std::int64_t k0, std::int64_t n, std::int64_t k,
                                              bool b_transposed) {
  if (kVectorB) {
    const int row = threadIdx.x / 32;
    const int col = (threadIdx.x % 32) * 4;
    const std::int64_t global_row = k0 + row;
    const std::int64_t global_col = block_col + col;
    float4 value = make_float4(0, 0, 0, 0);
    if (global_row < k && global_col + 3 < n) {
      value = *reinterpret_cast<const float4*>(&b[global_row * n + global_col]);
    } else if (global_row < k) {
      value.x = load(b, global_row, global_col + 0, k, n, false);
      value.y = load(b, global_row, global_col + 1, k, n, false);
      value.z = load(b, global_row, global_col + 2, k, n, false);
      value.w = load(b, global_row, global_col + 3, k, n, false);
    }
    *reinterpret_cast<float4*>(&b_tile[row][col]) = value;
  } else {
    for (int i = threadIdx.x; i < kBlockK * kBlockN; i += kThreads) {
      const int row = i / kBlockN;
      const int col = i % kBlockN;
      b_tile[row][col] = load(b, k0 + row, block_col + col, k, n, b_transposed);
    }
  }
}

// One 128×128 tile of C at (block_row, block_col). Per K-slice, the block's 256
// threads stage an A slice (128×8, kept transposed so each thread reads a column
// of 8 as consecutive values) and a B slice (8×128) in shared memory; each
// thread then accumulates an 8×8 outer-product block in registers.
template <bool kVectorA, bool kVectorB>
__device__ __forceinline__ void compute_tile(float (&a_tile)[kBlockK][kBlockM], float (&b_tile)[kBlockK][kBlockN],
                                             const float* __restrict__ a, const float* __restrict__ b,
                                             float* __restrict__ c, std::int64_t m, std::int64_t n, std::int64_t k,
                                             bool a_transposed, bool b_transposed, std::int64_t block_row,
                                             std::int64_t block_col) {
  const int thread_row = threadIdx.x / (kBlockN / kThreadN);
  const int thread_col = threadIdx.x % (kBlockN / kThreadN);
  float accumulator[kThreadM][kThreadN] = {};
  float a_column[kThreadM];
  float b_row[kThreadN];

  for (std::int64_t k0 = 0; k0 < k; k0 += kBlockK) {
    stage_a_slice<kVectorA>(a_tile, a, block_row, k0, m, k, a_transposed);
    stage_b_slice<kVectorB>(b_tile, b, block_col, k0, n, k, b_transposed);
    __syncthreads();

#pragma unroll
    for (int kk = 0; kk < kBlockK; ++kk) {
#pragma unroll
      for (int i = 0; i < kThreadM; ++i) a_column[i] = a_tile[kk][thread_row * kThreadM + i];
#pragma unroll
      for (int j = 0; j < kThreadN; ++j) b_row[j] = b_tile[kk][thread_col * kThreadN + j];
#pragma unroll
      for (int i = 0; i < kThreadM; ++i) {
#pragma unroll
        for (int j = 0; j < kThreadN; ++j) accumulator[i][j] = fmaf(a_column[i], b_row[j], accumulator[i][j]);
      }
    }
    __syncthreads();
  }

#pragma unroll
  for (int i = 0; i < kThreadM; ++i) {
    const std::int64_t row = block_row + thread_row * kThreadM + i;
    if (row >= m) continue;
#pragma unroll
    for (int j = 0; j < kThreadN; ++j) {
      const std::int64_t col = block_col + thread_col * kThreadN + j;
      if (col < n) c[row * n + col] = accumulator[i][j];
    }
  }
}

// Each block computes 128×128 tiles of C: column tile blockIdx.x, and row tiles from
// blockIdx.y in strides of gridDim.y, since grid.y holds at most 65535 blocks.
template <bool kVectorA, bool kVectorB>
__global__ void __launch_bounds__(kThreads) sgemm_kernel(const float* __restrict__ a, const float* __restrict__ b,
                                                         float* __restrict__ c, std::int64_t m, std::int64_t n,
                                                         std::int64_t k, bool a_transposed, bool b_transposed) {
  // b_tile takes float4 stores: 16-byte alignment is required, and float alone implies 4.
  __shared__ __align__(16) float a_tile[kBlockK][kBlockM];
  __shared__ __align__(16) float b_tile[kBlockK][kBlockN];
  const std::int64_t block_col = static_cast<std::int64_t>(blockIdx.x) * kBlockN;
  const std::int64_t row_stride = static_cast<std::int64_t>(gridDim.y) * kBlockM;
  for (std::int64_t block_row = static_cast<std::int64_t>(blockIdx.y) * kBlockM; block_row < m; block_row += row_stride) {
    compute_tile<kVectorA, kVectorB>(a_tile, b_tile, a, b, c, m, n, k, a_transposed, b_transposed, block_row, block_col);
  }
}

}  // namespace

void launch_sgemm(const float* a, const float* b, float* c, std::int64_t m, std::int64_t n, std::int64_t k,
                  bool a_transposed, bool b_transposed, cudaStream_t stream) {
  constexpr std::int64_t kMaxGridY = 65535;
  const dim3 grid(static_cast<unsigned>((n + kBlockN - 1) / kBlockN),
                  static_cast<unsigned>(std::min(kMaxGridY, (m + kBlockM - 1) / kBlockM)));
  // float4 loads need the row to start 16-byte aligned: K (for A) or N (for B) a multiple of 4.
  const bool vector_a = !a_transposed && k % 4 == 0;
  const bool vector_b = !b_transposed && n % 4 == 0;
  if (vector_a && vector_b) {
    sgemm_kernel<true, true><<<grid, kThreads, 0, stream>>>(a, b, c, m, n, k, a_transposed, b_transposed);
  } else if (vector_a) {
    sgemm_kernel<true, false><<<grid, kThreads, 0, stream>>>(a, b, c, m, n, k, a_transposed, b_transposed);
  } else if (vector_b) {
    sgemm_kernel<false, true><<<grid, kThreads, 0, stream>>>(a, b, c, m, n, k, a_transposed, b_transposed);
  } else {
    sgemm_kernel<false, false><<<grid, kThreads, 0, stream>>>(a, b, c, m, n, k, a_transposed, b_transposed);
  }
  ADVISE_CUDA_CHECK(cudaGetLastError());
}

}  // namespace advise
