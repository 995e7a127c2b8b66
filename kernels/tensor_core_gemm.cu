#include <mma.h>

#include "cuda_check.hpp"
#include "gemm.hpp"

namespace advise {
namespace {

using namespace nvcuda;

constexpr int kFragment = 16;
// A block of 4 warps (2×2) computes a 64×64 tile of C; each warp 32×32 as 2×2 fragments.
constexpr int kWarpsM = 2;
constexpr int kWarpsN = 2;
constexpr int kWarpTile = 32;
constexpr int kBlockTile = kWarpTile * kWarpsM;  // 64

// Operands are read straight from global memory by wmma::load_matrix_sync; a
// transposed operand is the same memory read as column-major, so the four
// layouts are four fragment layouts, not four kernels' worth of indexing.
template <typename Element, typename LayoutA, typename LayoutB>
__global__ void tensor_core_kernel(const Element* __restrict__ a, const Element* __restrict__ b, float* __restrict__ c,
                                   int m, int n, int k) {
  const int warp = threadIdx.x / 32;
  const int warp_row = blockIdx.y * kBlockTile + (warp / kWarpsN) * kWarpTile;
  const int warp_col = blockIdx.x * kBlockTile + (warp % kWarpsN) * kWarpTile;
  if (warp_row >= m || warp_col >= n) return;

  constexpr bool a_row_major = std::is_same_v<LayoutA, wmma::row_major>;
  constexpr bool b_row_major = std::is_same_v<LayoutB, wmma::row_major>;
  const int lda = a_row_major ? k : m;  // A is M×K row-major, or stored K×M (= M×K column-major)
  const int ldb = b_row_major ? n : k;  // B is K×N row-major, or stored N×K (= K×N column-major)

  wmma::fragment<wmma::accumulator, kFragment, kFragment, kFragment, float> accumulator[2][2];
  for (auto& row : accumulator) {
    for (auto& fragment : row) wmma::fill_fragment(fragment, 0.0f);
  }
  wmma::fragment<wmma::matrix_a, kFragment, kFragment, kFragment, Element, LayoutA> a_fragment[2];
  wmma::fragment<wmma::matrix_b, kFragment, kFragment, kFragment, Element, LayoutB> b_fragment[2];

  // M and N are multiples of 16, not of 32: a warp at the matrix's edge may own only its
  // first 16-row or 16-column fragment, and must not load (or compute) the second.
  const int fragments_m = warp_row + kFragment < m ? 2 : 1;
  const int fragments_n = warp_col + kFragment < n ? 2 : 1;
  for (int k0 = 0; k0 < k; k0 += kFragment) {
    for (int i = 0; i < fragments_m; ++i) {
      const int row = warp_row + i * kFragment;
      const Element* tile = a_row_major ? a + static_cast<std::int64_t>(row) * lda + k0
                                        : a + static_cast<std::int64_t>(k0) * lda + row;
      wmma::load_matrix_sync(a_fragment[i], tile, lda);
    }
    for (int j = 0; j < fragments_n; ++j) {
      const int col = warp_col + j * kFragment;
      const Element* tile = b_row_major ? b + static_cast<std::int64_t>(k0) * ldb + col
                                        : b + static_cast<std::int64_t>(col) * ldb + k0;
      wmma::load_matrix_sync(b_fragment[j], tile, ldb);
    }
    for (int i = 0; i < fragments_m; ++i) {
      for (int j = 0; j < fragments_n; ++j) {
        wmma::mma_sync(accumulator[i][j], a_fragment[i], b_fragment[j], accumulator[i][j]);
      }
    }
  }
  for (int i = 0; i < fragments_m; ++i) {
    for (int j = 0; j < fragments_n; ++j) {
      const int row = warp_row + i * kFragment;
      const int col = warp_col + j * kFragment;
      wmma::store_matrix_sync(c + static_cast<std::int64_t>(row) * n + col, accumulator[i][j], n, wmma::mem_row_major);
    }
  }
}

template <typename Element>
bool launch(const Element* a, const Element* b, float* c, std::int64_t m, std::int64_t n, std::int64_t k,
            bool a_transposed, bool b_transposed, cudaStream_t stream) {
  // Whole fragments only, and 32-bit indices inside the kernel.
  if (m % kFragment || n % kFragment || k % kFragment) return false;
  if (m * k > (1LL << 31) || k * n > (1LL << 31) || m * n > (1LL << 31)) return false;
  const dim3 grid(static_cast<unsigned>((n + kBlockTile - 1) / kBlockTile),
                  static_cast<unsigned>((m + kBlockTile - 1) / kBlockTile));
  const int threads = 32 * kWarpsM * kWarpsN;
  const int mi = static_cast<int>(m), ni = static_cast<int>(n), ki = static_cast<int>(k);
  if (!a_transposed && !b_transposed) {
    tensor_core_kernel<Element, wmma::row_major, wmma::row_major><<<grid, threads, 0, stream>>>(a, b, c, mi, ni, ki);
  } else if (!a_transposed) {
    tensor_core_kernel<Element, wmma::row_major, wmma::col_major><<<grid, threads, 0, stream>>>(a, b, c, mi, ni, ki);
  } else if (!b_transposed) {
    tensor_core_kernel<Element, wmma::col_major, wmma::row_major><<<grid, threads, 0, stream>>>(a, b, c, mi, ni, ki);
  } else {
    tensor_core_kernel<Element, wmma::col_major, wmma::col_major><<<grid, threads, 0, stream>>>(a, b, c, mi, ni, ki);
  }
  ADVISE_CUDA_CHECK(cudaGetLastError());
  return true;
}

}  // namespace

bool launch_tensor_core_gemm_bf16(const __nv_bfloat16* a, const __nv_bfloat16* b, float* c, std::int64_t m,
                                  std::int64_t n, std::int64_t k, bool a_transposed, bool b_transposed,
                                  cudaStream_t stream) {
  return launch(a, b, c, m, n, k, a_transposed, b_transposed, stream);
}

bool launch_tensor_core_gemm_fp16(const __half* a, const __half* b, float* c, std::int64_t m, std::int64_t n,
                                  std::int64_t k, bool a_transposed, bool b_transposed, cudaStream_t stream) {
  return launch(a, b, c, m, n, k, a_transposed, b_transposed, stream);
}

}  // namespace advise
