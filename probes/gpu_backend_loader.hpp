#pragma once
// Loads the GPU backend module with dlopen and explains, in a user's words,
// why there is no GPU to measure when there is none: the module is absent
// (a build without CUDA), the CUDA libraries are missing, there is no NVIDIA
// driver, or no CUDA device.

#include <memory>
#include <string>

#include "gpu_backend_api.h"

namespace advise {

// What a cudaError_t from device discovery means for the user. Codes from the CUDA
// runtime (cudaErrorInsufficientDriver = 35, cudaErrorStubLibrary = 34,
// cudaErrorNoDevice = 100, ...), so this compiles without CUDA headers.
std::string describe_discovery_error(int cuda_error);

// Why dlopen failed, from its message: missing CUDA libraries or a missing module.
std::string describe_load_error(const std::string& path, const std::string& dlerror_message);

class GpuBackend {
 public:
  ~GpuBackend();
  GpuBackend(const GpuBackend&) = delete;
  GpuBackend& operator=(const GpuBackend&) = delete;

  // The backend module at `path`, or nullptr with `reason` saying why not.
  static std::unique_ptr<GpuBackend> load(const std::string& path, std::string& reason);

  int discover(advise_gpu_device& device) const { return discover_(&device); }
  void time_gemm(const advise_gpu_gemm_request& request, advise_gpu_gemm_result& result) const {
    time_gemm_(&request, &result);
  }
  double triad(double budget_s, std::string& reason) const;

 private:
  GpuBackend() = default;
  void* handle_ = nullptr;  // never closed, see the destructor
  int (*discover_)(advise_gpu_device*) = nullptr;
  void (*time_gemm_)(const advise_gpu_gemm_request*, advise_gpu_gemm_result*) = nullptr;
  double (*triad_)(double, char*, int) = nullptr;
};

// Where the module lives: $ADVISE_GPU_BACKEND, else next to the executable.
std::string default_gpu_backend_path();

}  // namespace advise
