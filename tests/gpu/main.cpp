// GPU tests: run the CUDA kernels on a real device and check their results.
// Without a usable device this executable prints why and exits 77, which
// ctest reports as skipped (SKIP_RETURN_CODE), never as passed.

#include <cuda_bf16.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernels/compare.hpp"
#include "kernels/gemm.hpp"
#include "probes/gpu_probe.hpp"
#include "kernels/cuda_check.hpp"
#include "kernels/triad.hpp"

namespace {

constexpr int kSkipped = 77;
int failures = 0;
int checks = 0;

void check(bool condition, const char* what) {
  std::printf("%s: %s\n", condition ? "ok" : "FAILED", what);
  ++checks;
  if (!condition) ++failures;
}

void triad_computes_b_plus_s_c() {
  const std::int64_t n = 1 << 20;
  std::vector<double> b(n), c(n), a(n);
  for (std::int64_t i = 0; i < n; ++i) {
    b[i] = static_cast<double>(i % 13);
    c[i] = static_cast<double>(i % 7) - 3;
  }
  double *da = nullptr, *db = nullptr, *dc = nullptr;
  ADVISE_CUDA_CHECK(cudaMalloc(&da, n * sizeof(double)));
  ADVISE_CUDA_CHECK(cudaMalloc(&db, n * sizeof(double)));
  ADVISE_CUDA_CHECK(cudaMalloc(&dc, n * sizeof(double)));
  ADVISE_CUDA_CHECK(cudaMemcpy(db, b.data(), n * sizeof(double), cudaMemcpyHostToDevice));
  ADVISE_CUDA_CHECK(cudaMemcpy(dc, c.data(), n * sizeof(double), cudaMemcpyHostToDevice));
  advise::launch_triad(da, db, dc, 2.0, n, nullptr);
  ADVISE_CUDA_CHECK(cudaMemcpy(a.data(), da, n * sizeof(double), cudaMemcpyDeviceToHost));
  bool ok = true;
  for (std::int64_t i = 0; i < n; ++i) ok = ok && a[i] == b[i] + 2.0 * c[i];
  check(ok, "triad computes a = b + s*c");
  cudaFree(da);
  cudaFree(db);
  cudaFree(dc);
}

void sampled_compare_counts_mismatches() {
  const std::vector<float> result = {1, 2, 3, 4.5f};
  const std::vector<float> reference = {1, 2, 3, 4};
  const std::vector<std::int64_t> indices = {0, 1, 2, 3};
  float *dr = nullptr, *dref = nullptr;
  std::int64_t* di = nullptr;
  int* dm = nullptr;
  ADVISE_CUDA_CHECK(cudaMalloc(&dr, 4 * sizeof(float)));
  ADVISE_CUDA_CHECK(cudaMalloc(&dref, 4 * sizeof(float)));
  ADVISE_CUDA_CHECK(cudaMalloc(&di, 4 * sizeof(std::int64_t)));
  ADVISE_CUDA_CHECK(cudaMalloc(&dm, sizeof(int)));
  ADVISE_CUDA_CHECK(cudaMemcpy(dr, result.data(), 4 * sizeof(float), cudaMemcpyHostToDevice));
  ADVISE_CUDA_CHECK(cudaMemcpy(dref, reference.data(), 4 * sizeof(float), cudaMemcpyHostToDevice));
  ADVISE_CUDA_CHECK(cudaMemcpy(di, indices.data(), 4 * sizeof(std::int64_t), cudaMemcpyHostToDevice));
  int mismatches = -1;
  advise::launch_sampled_compare(dr, dref, di, 4, 1e-3f, dm, nullptr);
  ADVISE_CUDA_CHECK(cudaMemcpy(&mismatches, dm, sizeof(int), cudaMemcpyDeviceToHost));
  check(mismatches == 1, "sampled compare finds the one wrong entry");
  advise::launch_sampled_compare(dref, dref, di, 4, 1e-3f, dm, nullptr);
  ADVISE_CUDA_CHECK(cudaMemcpy(&mismatches, dm, sizeof(int), cudaMemcpyDeviceToHost));
  check(mismatches == 0, "sampled compare accepts identical data");
  cudaFree(dr);
  cudaFree(dref);
  cudaFree(di);
  cudaFree(dm);
}

// Our kernels against a CPU reference, in every layout, on shapes that do not divide the tiles.
template <typename Launch>
bool gemm_matches(std::int64_t m, std::int64_t n, std::int64_t k, bool at, bool bt, bool low_precision, Launch launch) {
  std::vector<float> a(static_cast<std::size_t>(m * k)), b(static_cast<std::size_t>(k * n)), c(static_cast<std::size_t>(m * n));
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(static_cast<int>(i % 7) - 3) / 4;
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<float>(static_cast<int>(i % 5) - 2) / 2;
  launch(a, b, c);
  double worst = 0;
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      double reference = 0;
      for (std::int64_t p = 0; p < k; ++p) {
        reference += static_cast<double>(at ? a[p * m + i] : a[i * k + p]) * (bt ? b[j * k + p] : b[p * n + j]);
      }
      worst = std::max(worst, std::abs(reference - c[i * n + j]));
    }
  }
  return worst <= (low_precision ? 1e-2 : 1e-3) * static_cast<double>(k);
}

bool sgemm_matches(std::int64_t m, std::int64_t n, std::int64_t k, bool at, bool bt) {
  return gemm_matches(m, n, k, at, bt, false, [&](auto& a, auto& b, auto& c) {
    float *da, *db, *dc;
    ADVISE_CUDA_CHECK(cudaMalloc(&da, a.size() * 4));
    ADVISE_CUDA_CHECK(cudaMalloc(&db, b.size() * 4));
    ADVISE_CUDA_CHECK(cudaMalloc(&dc, c.size() * 4));
    ADVISE_CUDA_CHECK(cudaMemcpy(da, a.data(), a.size() * 4, cudaMemcpyHostToDevice));
    ADVISE_CUDA_CHECK(cudaMemcpy(db, b.data(), b.size() * 4, cudaMemcpyHostToDevice));
    advise::launch_sgemm(da, db, dc, m, n, k, at, bt, nullptr);
    ADVISE_CUDA_CHECK(cudaMemcpy(c.data(), dc, c.size() * 4, cudaMemcpyDeviceToHost));
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
  });
}

bool tensor_core_matches(std::int64_t m, std::int64_t n, std::int64_t k, bool at, bool bt) {
  return gemm_matches(m, n, k, at, bt, true, [&](auto& a, auto& b, auto& c) {
    std::vector<__nv_bfloat16> ha(a.size()), hb(b.size());
    for (std::size_t i = 0; i < a.size(); ++i) ha[i] = __float2bfloat16(a[i]);
    for (std::size_t i = 0; i < b.size(); ++i) hb[i] = __float2bfloat16(b[i]);
    __nv_bfloat16 *da, *db;
    float* dc;
    // Exactly the operands' sizes, so that a read past them is a memcheck error, not slack.
    ADVISE_CUDA_CHECK(cudaMalloc(&da, ha.size() * 2));
    ADVISE_CUDA_CHECK(cudaMalloc(&db, hb.size() * 2));
    ADVISE_CUDA_CHECK(cudaMalloc(&dc, c.size() * 4));
    ADVISE_CUDA_CHECK(cudaMemcpy(da, ha.data(), ha.size() * 2, cudaMemcpyHostToDevice));
    ADVISE_CUDA_CHECK(cudaMemcpy(db, hb.data(), hb.size() * 2, cudaMemcpyHostToDevice));
    advise::launch_tensor_core_gemm_bf16(da, db, dc, m, n, k, at, bt, nullptr);
    ADVISE_CUDA_CHECK(cudaMemcpy(c.data(), dc, c.size() * 4, cudaMemcpyDeviceToHost));
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
  });
}

std::string layout_name(const char* kernel, bool at, bool bt, const char* shape) {
  return std::string(kernel) + " " + (at ? "T" : "N") + (bt ? "T" : "N") + " " + shape;
}

// Shapes that do not divide the tiles; for the tensor cores, M or N ≡ 16 (mod 32), where a
// warp at the edge owns one 16-wide fragment of its two (compute-sanitizer sees a read past A or B).
void own_kernels_compute_the_right_product() {
  for (const bool at : {false, true}) {
    for (const bool bt : {false, true}) {
      check(sgemm_matches(130, 70, 36, at, bt), layout_name("sgemm", at, bt, "130x70x36").c_str());
      // N a multiple of 4: B's slices go to shared memory as float4 stores (16-byte aligned tiles).
      check(sgemm_matches(130, 72, 36, at, bt), layout_name("sgemm", at, bt, "130x72x36").c_str());
      check(tensor_core_matches(96, 80, 48, at, bt), layout_name("tensor-core bf16", at, bt, "96x80x48").c_str());
      check(tensor_core_matches(80, 112, 32, at, bt), layout_name("tensor-core bf16", at, bt, "80x112x32").c_str());
      check(tensor_core_matches(48, 16, 16, at, bt), layout_name("tensor-core bf16", at, bt, "48x16x16").c_str());
    }
  }
}

// More row tiles than grid.y can hold (65535 × 128 rows): the kernel strides over the rest.
void sgemm_covers_more_rows_than_one_grid_dimension() {
  const std::int64_t m = 65535LL * 128 + 130;
  check(sgemm_matches(m, 3, 4, false, false), "sgemm with M = 65535*128 + 130");
}

void triad_inputs_are_filled_on_the_device() {
  const std::int64_t n = (1 << 20) + 3;
  double *db = nullptr, *dc = nullptr;
  ADVISE_CUDA_CHECK(cudaMalloc(&db, n * sizeof(double)));
  ADVISE_CUDA_CHECK(cudaMalloc(&dc, n * sizeof(double)));
  advise::launch_triad_inputs(db, dc, n, nullptr);
  std::vector<double> b(n), c(n);
  ADVISE_CUDA_CHECK(cudaMemcpy(b.data(), db, n * sizeof(double), cudaMemcpyDeviceToHost));
  ADVISE_CUDA_CHECK(cudaMemcpy(c.data(), dc, n * sizeof(double), cudaMemcpyDeviceToHost));
  bool ok = true;
  for (std::int64_t i = 0; i < n; ++i) ok = ok && b[i] == advise::triad_b(i) && c[i] == advise::triad_c(i);
  check(ok, "triad inputs filled on the device, every entry");
  cudaFree(db);
  cudaFree(dc);
}

// The module built beside these tests, unless ADVISE_GPU_BACKEND names another (the same module
// copied elsewhere with its programs, as bench/gpu/pack does).
std::string backend_module() {
  const char* chosen = std::getenv("ADVISE_GPU_BACKEND");
  return chosen && *chosen ? chosen : ADVISE_GPU_BACKEND_MODULE;
}

void backend_times_and_checks_cublaslt() {
  std::string reason;
  auto gpu = advise::GpuProbe::open(backend_module(), reason);
  check(gpu != nullptr, ("the backend opens the GPU " + reason).c_str());
  if (!gpu) return;
  for (const char* dtype : {"fp32", "tf32", "bf16", "fp16"}) {
    const advise::Measurement m = gpu->time_gemm({1024, 1024, 1024, false, true, dtype}, 0.05);
    check(m.verified && m.seconds_median > 0, (std::string("cuBLASLt ") + dtype + " 1024^3 verified: " + m.reason).c_str());
    const advise::Measurement own = gpu->time_gemm({1024, 1024, 1024, false, true, dtype}, 0.05, true);
    check(own.verified, (std::string("own kernel ") + dtype + " 1024^3 verified: " + own.reason).c_str());
  }
  check(gpu->triad(0.05).verified, "GPU triad verified");
}

}  // namespace

int main() {
  int devices = 0;  // left unchanged by cudaGetDeviceCount when there is no driver
  const cudaError_t status = cudaGetDeviceCount(&devices);
  if (status != cudaSuccess || devices == 0) {
    std::printf("skipped: no usable CUDA device (%s)\n",
                status != cudaSuccess ? cudaGetErrorString(status) : "no device");
    return kSkipped;
  }
  try {
    triad_computes_b_plus_s_c();
    sampled_compare_counts_mismatches();
    own_kernels_compute_the_right_product();
    sgemm_covers_more_rows_than_one_grid_dimension();
    triad_inputs_are_filled_on_the_device();
    backend_times_and_checks_cublaslt();
  } catch (const std::exception& e) {
    std::printf("FAILED: %s\n", e.what());
    return 1;
  }
  std::printf("%d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}
