#include "gpu_backend_loader.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace advise {

std::string describe_discovery_error(int cuda_error) {
  switch (cuda_error) {
    case 0: return "";
    case 35: return "no NVIDIA driver (none is installed, or it is older than the CUDA runtime)";
    case 34: return "no NVIDIA driver (only the CUDA stub library was found)";
    case 100: return "no CUDA device";
    case 101: return "no CUDA device usable (invalid device ordinal)";
    case 3: return "the NVIDIA driver failed to initialise";
    case 46: return "the CUDA device is busy or unavailable (exclusive compute mode?)";
    case 999: return "CUDA reported an unknown error while looking for a device";
    default: return "CUDA error " + std::to_string(cuda_error) + " while looking for a device";
  }
}

std::string describe_load_error(const std::string& path, const std::string& message) {
  for (const char* library : {"libcudart", "libcublas", "libcublasLt"}) {
    if (message.find(library) != std::string::npos) {
      return "CUDA libraries not found (" + message + ")";
    }
  }
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return "this build has no GPU backend (" + path + " is missing)";
  return "the GPU backend could not be loaded: " + message;
}

std::unique_ptr<GpuBackend> GpuBackend::load(const std::string& path, std::string& reason) {
  dlerror();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* message = dlerror();
    reason = describe_load_error(path, message ? message : "unknown dlopen error");
    return nullptr;
  }
  std::unique_ptr<GpuBackend> backend(new GpuBackend());
  backend->handle_ = handle;
  const auto abi = reinterpret_cast<int (*)()>(dlsym(handle, "advise_gpu_abi_version"));
  backend->discover_ = reinterpret_cast<int (*)(advise_gpu_device*)>(dlsym(handle, "advise_gpu_discover"));
  backend->time_gemm_ = reinterpret_cast<void (*)(const advise_gpu_gemm_request*, advise_gpu_gemm_result*)>(
      dlsym(handle, "advise_gpu_time_gemm"));
  backend->triad_ = reinterpret_cast<double (*)(double, char*, int)>(dlsym(handle, "advise_gpu_triad"));
  if (!abi || !backend->discover_ || !backend->time_gemm_ || !backend->triad_) {
    reason = path + " is not an advise GPU backend (its entry points are missing)";
    return nullptr;
  }
  if (abi() != ADVISE_GPU_BACKEND_ABI) {
    reason = path + " is a GPU backend of another advise version (interface " + std::to_string(abi()) +
             ", expected " + std::to_string(ADVISE_GPU_BACKEND_ABI) + ")";
    return nullptr;
  }
  return backend;
}

// The module stays loaded for the life of the process: the CUDA runtime it
// pulls in keeps state (and threads) that do not survive being unloaded.
GpuBackend::~GpuBackend() = default;

double GpuBackend::triad(double budget_s, std::string& reason) const {
  char text[256] = {};
  const double rate = triad_(budget_s, text, sizeof text);
  reason = text;
  return rate;
}

std::string default_gpu_backend_path() {
  if (const char* path = std::getenv("ADVISE_GPU_BACKEND"); path && *path) return path;
  std::error_code error;
  const auto exe = std::filesystem::canonical("/proc/self/exe", error);
  const auto dir = error ? std::filesystem::path(".") : exe.parent_path();
  return (dir / "libadvise_gpu_backend.so").string();
}

}  // namespace advise
