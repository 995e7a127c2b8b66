// The GPU backend module: device discovery, GEMM timing with cuBLASLt or our
// own kernels, and a bandwidth triad, behind the C interface in
// ../gpu_backend_api.h. Loaded with dlopen by advise; never linked into it.
//
// Every time it reports comes from CUDA events around back-to-back calls after
// a warm-up, and only for a result that matched a double-precision reference on
// sampled entries.

#include <cublasLt.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/cuda_check.hpp"
#include "probes/gpu_backend/device_objects.hpp"
#include "kernels/gemm.hpp"
#include "kernels/operands.hpp"
#include "kernels/triad.hpp"
#include "probes/gpu_backend_api.h"
#include "probes/operand_values.hpp"

namespace {

using advise::CudaError;
using advise::DeviceBuffer;
using advise::Event;
using advise::Owned;

void copy_reason(char* destination, int size, const std::string& text) {
  if (size <= 0) return;
  std::snprintf(destination, static_cast<std::size_t>(size), "%s", text.c_str());
}

void cublas_check(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw std::runtime_error(std::string(call) + " failed: cuBLAS status " + std::to_string(static_cast<int>(status)));
  }
}

// Fills an operand on the device with the probes' values (operand_values.hpp) in the
// request's type: no host copy, however large the probed shape.
void fill_operand(void* device, std::int64_t count, std::uint64_t seed, int dtype, std::uint32_t keep) {
  if (dtype == ADVISE_GPU_BF16) {
    advise::launch_fill_operand(static_cast<__nv_bfloat16*>(device), count, seed, keep, nullptr);
  } else if (dtype == ADVISE_GPU_FP16) {
    advise::launch_fill_operand(static_cast<__half*>(device), count, seed, keep, nullptr);
  } else {
    advise::launch_fill_operand(static_cast<float*>(device), count, seed, keep, nullptr);
  }
}

// C = A·B in row-major storage through cuBLASLt, which is column-major: it computes
// Cᵀ (N×M) = Bᵀ·Aᵀ, where each row-major operand is its own transpose in column-major.
class CublasLtGemm {
 public:
  CublasLtGemm(const advise_gpu_gemm_request& r, const void* a, const void* b, float* c)
      : a_(a), b_(b), c_(c), workspace_(kWorkspaceBytes) {
    cublas_check(cublasLtCreate(&handle_.handle), "cublasLtCreate");
    const bool low = r.dtype == ADVISE_GPU_BF16 || r.dtype == ADVISE_GPU_FP16;
    const cudaDataType_t operand = r.dtype == ADVISE_GPU_BF16 ? CUDA_R_16BF : r.dtype == ADVISE_GPU_FP16 ? CUDA_R_16F : CUDA_R_32F;
    const cublasComputeType_t compute = r.dtype == ADVISE_GPU_TF32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
    (void)low;
    cublas_check(cublasLtMatmulDescCreate(&operation_.handle, compute, CUDA_R_32F), "cublasLtMatmulDescCreate");
    const cublasOperation_t op_first = r.b_transposed ? CUBLAS_OP_T : CUBLAS_OP_N;   // our B
    const cublasOperation_t op_second = r.a_transposed ? CUBLAS_OP_T : CUBLAS_OP_N;  // our A
    cublas_check(cublasLtMatmulDescSetAttribute(operation_.handle, CUBLASLT_MATMUL_DESC_TRANSA, &op_first, sizeof op_first), "TRANSA");
    cublas_check(cublasLtMatmulDescSetAttribute(operation_.handle, CUBLASLT_MATMUL_DESC_TRANSB, &op_second, sizeof op_second), "TRANSB");
    const std::uint64_t m = static_cast<std::uint64_t>(r.m), n = static_cast<std::uint64_t>(r.n), k = static_cast<std::uint64_t>(r.k);
    // Stored column-major shapes: our B is N×K (ld N) plain or K×N (ld K) transposed; our A is K×M or M×K.
    cublas_check(r.b_transposed ? cublasLtMatrixLayoutCreate(&first_.handle, operand, k, n, static_cast<int64_t>(k))
                                : cublasLtMatrixLayoutCreate(&first_.handle, operand, n, k, static_cast<int64_t>(n)),
                 "layout of B");
    cublas_check(r.a_transposed ? cublasLtMatrixLayoutCreate(&second_.handle, operand, m, k, static_cast<int64_t>(m))
                                : cublasLtMatrixLayoutCreate(&second_.handle, operand, k, m, static_cast<int64_t>(k)),
                 "layout of A");
    cublas_check(cublasLtMatrixLayoutCreate(&result_.handle, CUDA_R_32F, n, m, static_cast<int64_t>(n)), "layout of C");
    cublas_check(cublasLtMatmulPreferenceCreate(&preference_.handle), "cublasLtMatmulPreferenceCreate");
    const std::size_t workspace = kWorkspaceBytes;
    cublas_check(cublasLtMatmulPreferenceSetAttribute(preference_.handle, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace,
                                                      sizeof workspace),
                 "workspace preference");
    int found = 0;
    cublas_check(cublasLtMatmulAlgoGetHeuristic(handle_.handle, operation_.handle, first_.handle, second_.handle, result_.handle,
                                                result_.handle, preference_.handle, 1,
                                                &heuristic_, &found),
                 "cublasLtMatmulAlgoGetHeuristic");
    if (found == 0) throw std::runtime_error("cuBLASLt has no algorithm for this shape and precision");
  }
  void run(cudaStream_t stream) {
    const float alpha = 1.0f, beta = 0.0f;
    cublas_check(cublasLtMatmul(handle_.handle, operation_.handle, &alpha, b_, first_.handle, a_, second_.handle, &beta, c_,
                                result_.handle, c_, result_.handle,
                                &heuristic_.algo, workspace_.pointer, kWorkspaceBytes, stream),
                 "cublasLtMatmul");
  }

 private:
  static constexpr std::size_t kWorkspaceBytes = 32u << 20;
  const void* a_;
  const void* b_;
  float* c_;
  DeviceBuffer workspace_;
  Owned<cublasLtHandle_t, cublasLtDestroy> handle_;
  Owned<cublasLtMatmulDesc_t, cublasLtMatmulDescDestroy> operation_;
  Owned<cublasLtMatrixLayout_t, cublasLtMatrixLayoutDestroy> first_, second_, result_;
  Owned<cublasLtMatmulPreference_t, cublasLtMatmulPreferenceDestroy> preference_;
  cublasLtMatmulHeuristicResult_t heuristic_ = {};
};

// Per-call seconds of `work`, in samples of at least a millisecond, until the budget is spent.
template <typename Work>
std::vector<double> time_on_device(Work work, double budget_s) {
  const Event start, stop;
  const auto measure = [&](int calls) {
    ADVISE_CUDA_CHECK(cudaEventRecord(start.event));
    for (int i = 0; i < calls; ++i) work();
    ADVISE_CUDA_CHECK(cudaEventRecord(stop.event));
    ADVISE_CUDA_CHECK(cudaEventSynchronize(stop.event));
    float ms = 0;
    ADVISE_CUDA_CHECK(cudaEventElapsedTime(&ms, start.event, stop.event));
    return static_cast<double>(ms) / 1e3;
  };
  measure(1);  // warm-up: module load, heuristics, clocks
  const double one = std::max(measure(1), 1e-7);
  const int calls = std::max(1, static_cast<int>(std::lround(1e-3 / one)));
  std::vector<double> samples;
  double spent = 0;
  while (samples.size() < 3 || (spent < budget_s && samples.size() < 200)) {
    const double seconds = measure(calls);
    spent += seconds;
    samples.push_back(seconds / calls);
  }
  return samples;
}

// Sampled entries of the device result against a double-precision reference, from the
// operand values recomputed on the host (the device was filled with the same, seeds 1 and 2).
bool verify(const advise_gpu_gemm_request& r, std::uint32_t keep, const float* c, double& max_error, std::string& reason) {
  const auto a = [&](std::int64_t index) { return advise::operand_value(static_cast<std::uint64_t>(index), 1, keep); };
  const auto b = [&](std::int64_t index) { return advise::operand_value(static_cast<std::uint64_t>(index), 2, keep); };
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> row(0, r.m - 1), col(0, r.n - 1);
  const double tolerance = r.dtype == ADVISE_GPU_TF32 ? 4e-3 : 1e-3;  // tf32 rounds operands to 10 mantissa bits
  max_error = 0;
  for (int s = 0; s < std::max(1, r.verify_samples); ++s) {
    const std::int64_t i = row(random), j = col(random);
    double reference = 0, magnitude = 0;
    for (std::int64_t p = 0; p < r.k; ++p) {
      const double x = r.a_transposed ? a(p * r.m + i) : a(i * r.k + p);
      const double y = r.b_transposed ? b(j * r.k + p) : b(p * r.n + j);
      reference += x * y;
      magnitude += std::abs(x * y);
    }
    float got = 0;
    ADVISE_CUDA_CHECK(cudaMemcpy(&got, c + i * r.n + j, sizeof got, cudaMemcpyDeviceToHost));
    const double error = std::abs(got - reference) / std::max(magnitude, 1e-30);
    if (!(error <= tolerance)) {
      reason = "result check failed at C[" + std::to_string(i) + "," + std::to_string(j) + "]: expected " +
               std::to_string(reference) + ", got " + std::to_string(got);
      max_error = error;
      return false;
    }
    max_error = std::max(max_error, error);
  }
  return true;
}

}  // namespace

extern "C" int advise_gpu_abi_version(void) { return ADVISE_GPU_BACKEND_ABI; }

extern "C" int advise_gpu_discover(advise_gpu_device* device) {
  std::memset(device, 0, sizeof *device);
  int count = 0;  // left unchanged when there is no driver
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) return static_cast<int>(status);
  if (count == 0) return static_cast<int>(cudaErrorNoDevice);
  cudaDeviceProp properties{};
  if (const cudaError_t e = cudaGetDeviceProperties(&properties, 0); e != cudaSuccess) return static_cast<int>(e);
  std::snprintf(device->name, sizeof device->name, "%s", properties.name);
  device->compute_major = properties.major;
  device->compute_minor = properties.minor;
  device->memory_bytes = static_cast<long long>(properties.totalGlobalMem);
  cudaDeviceGetAttribute(&device->sm_count, cudaDevAttrMultiProcessorCount, 0);
  cudaDeviceGetAttribute(&device->sm_clock_khz, cudaDevAttrClockRate, 0);
  cudaDeviceGetAttribute(&device->memory_clock_khz, cudaDevAttrMemoryClockRate, 0);
  cudaDeviceGetAttribute(&device->memory_bus_bits, cudaDevAttrGlobalMemoryBusWidth, 0);
  std::size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) == cudaSuccess) device->free_memory_bytes = static_cast<long long>(free_bytes);
  cudaDriverGetVersion(&device->driver_version);
  cudaRuntimeGetVersion(&device->runtime_version);
  return 0;
}

// Times the request's library (cuBLASLt or our own kernels) on operands already on the
// device; false when our tensor-core kernel cannot run the shape.
static bool time_library(const advise_gpu_gemm_request& r, const void* a, const void* b, float* c,
                  std::vector<double>& samples) {
  const bool low = r.dtype == ADVISE_GPU_BF16 || r.dtype == ADVISE_GPU_FP16;
  if (r.library == ADVISE_GPU_CUBLASLT) {
    CublasLtGemm gemm(r, a, b, c);
    samples = time_on_device([&] { gemm.run(nullptr); }, r.budget_s);
  } else if (!low) {
    samples = time_on_device([&] {
      advise::launch_sgemm(static_cast<const float*>(a), static_cast<const float*>(b), c, r.m, r.n, r.k,
                           r.a_transposed, r.b_transposed, nullptr);
    }, r.budget_s);
  } else {
    const auto launch = [&] {
      return r.dtype == ADVISE_GPU_BF16
                 ? advise::launch_tensor_core_gemm_bf16(static_cast<const __nv_bfloat16*>(a),
                                                        static_cast<const __nv_bfloat16*>(b), c, r.m, r.n, r.k,
                                                        r.a_transposed, r.b_transposed, nullptr)
                 : advise::launch_tensor_core_gemm_fp16(static_cast<const __half*>(a), static_cast<const __half*>(b), c,
                                                        r.m, r.n, r.k, r.a_transposed, r.b_transposed, nullptr);
    };
    if (!launch()) return false;
    samples = time_on_device(launch, r.budget_s);
  }
  return true;
}

extern "C" void advise_gpu_time_gemm(const advise_gpu_gemm_request* request, advise_gpu_gemm_result* result) {
  std::memset(result, 0, sizeof *result);
  const advise_gpu_gemm_request& r = *request;
  try {
    const bool low = r.dtype == ADVISE_GPU_BF16 || r.dtype == ADVISE_GPU_FP16;
    const std::size_t element = low ? 2 : 4;
    // Values exactly representable in the operand type, so the reference sees what the GPU sees.
    const std::uint32_t keep = low ? advise::kLowPrecisionMask : advise::kFullPrecisionMask;
    DeviceBuffer a_device(static_cast<std::size_t>(r.m * r.k) * element);
    DeviceBuffer b_device(static_cast<std::size_t>(r.k * r.n) * element);
    DeviceBuffer c_device(static_cast<std::size_t>(r.m * r.n) * sizeof(float));
    fill_operand(a_device.pointer, r.m * r.k, 1, r.dtype, keep);
    fill_operand(b_device.pointer, r.k * r.n, 2, r.dtype, keep);
    float* c = static_cast<float*>(c_device.pointer);

    std::vector<double> samples;
    if (!time_library(r, a_device.pointer, b_device.pointer, c, samples)) {
      result->status = ADVISE_GPU_UNSUPPORTED;
      copy_reason(result->reason, sizeof result->reason, "our tensor-core kernel needs M, N and K multiples of 16");
      return;
    }
    ADVISE_CUDA_CHECK(cudaDeviceSynchronize());

    std::string reason;
    double max_error = 0;
    result->verified = verify(r, keep, c, max_error, reason) ? 1 : 0;
    result->max_relative_error = max_error;
    if (!result->verified) {
      result->status = ADVISE_GPU_FAILED;
      copy_reason(result->reason, sizeof result->reason, reason);
      return;
    }
    std::sort(samples.begin(), samples.end());
    result->samples = static_cast<int>(samples.size());
    result->seconds_min = samples.front();
    result->seconds_max = samples.back();
    result->seconds_median = samples[samples.size() / 2];
    result->status = ADVISE_GPU_OK;
    if (r.dtype == ADVISE_GPU_TF32 && r.library == ADVISE_GPU_OWN_KERNEL) {
      copy_reason(result->reason, sizeof result->reason, "our kernel computes tf32 requests in full fp32");
    }
  } catch (const CudaError& e) {
    cudaGetLastError();  // clear a non-sticky error so the next shape can run
    result->status = e.code() == cudaErrorMemoryAllocation ? ADVISE_GPU_OUT_OF_MEMORY : ADVISE_GPU_FAILED;
    copy_reason(result->reason, sizeof result->reason, e.what());
  } catch (const std::exception& e) {
    result->status = ADVISE_GPU_FAILED;
    copy_reason(result->reason, sizeof result->reason, e.what());
  }
}

namespace {

constexpr double kTriadScalar = 2.0;

// Every entry of a strided sample of `a` (4096 entries across it, and the last) against b + s·c.
bool triad_checks(const double* a, std::int64_t n) {
  const std::int64_t stride = std::max<std::int64_t>(1, n / 4096);
  const std::int64_t count = (n + stride - 1) / stride;
  std::vector<double> sample(static_cast<std::size_t>(count));
  ADVISE_CUDA_CHECK(cudaMemcpy2D(sample.data(), sizeof(double), a, stride * sizeof(double), sizeof(double),
                                 static_cast<std::size_t>(count), cudaMemcpyDeviceToHost));
  for (std::int64_t s = 0; s < count; ++s) {
    const std::int64_t i = s * stride;
    if (sample[static_cast<std::size_t>(s)] != advise::triad_b(i) + kTriadScalar * advise::triad_c(i)) return false;
  }
  double last = 0;
  ADVISE_CUDA_CHECK(cudaMemcpy(&last, a + n - 1, sizeof last, cudaMemcpyDeviceToHost));
  return last == advise::triad_b(n - 1) + kTriadScalar * advise::triad_c(n - 1);
}

}  // namespace

extern "C" double advise_gpu_triad(double budget_s, char* reason, int reason_size) {
  try {
    std::size_t free_bytes = 0, total_bytes = 0;
    ADVISE_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    // Three arrays far larger than any L2 cache, within a quarter of free memory.
    const std::int64_t n = static_cast<std::int64_t>(std::min<std::size_t>(free_bytes / 4 / 3, 512u << 20) / sizeof(double));
    DeviceBuffer a(n * sizeof(double)), b(n * sizeof(double)), c(n * sizeof(double));
    advise::launch_triad_inputs(static_cast<double*>(b.pointer), static_cast<double*>(c.pointer), n, nullptr);
    auto* da = static_cast<double*>(a.pointer);
    const auto samples = time_on_device([&] {
      advise::launch_triad(da, static_cast<const double*>(b.pointer), static_cast<const double*>(c.pointer),
                           kTriadScalar, n, nullptr);
    }, budget_s);
    if (!triad_checks(da, n)) {
      copy_reason(reason, reason_size, "triad result check failed");
      return 0;
    }
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    return 24.0 * static_cast<double>(n) / sorted[sorted.size() / 2];
  } catch (const std::exception& e) {
    cudaGetLastError();
    copy_reason(reason, reason_size, e.what());
    return 0;
  }
}
