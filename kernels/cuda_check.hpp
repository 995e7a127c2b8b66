#pragma once
// Every CUDA runtime call goes through ADVISE_CUDA_CHECK, which throws with the
// call's text, its file and line, and CUDA's own message.

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace advise {

class CudaError : public std::runtime_error {
 public:
  CudaError(cudaError_t code, const std::string& what) : std::runtime_error(what), code_(code) {}
  cudaError_t code() const { return code_; }

 private:
  cudaError_t code_;
};

inline void cuda_check(cudaError_t code, const char* call, const char* file, int line) {
  if (code == cudaSuccess) return;
  throw CudaError(code, std::string(call) + " failed at " + file + ":" + std::to_string(line) + ": " +
                            cudaGetErrorString(code) + " (" + std::to_string(static_cast<int>(code)) + ")");
}

}  // namespace advise

#define ADVISE_CUDA_CHECK(call) ::advise::cuda_check((call), #call, __FILE__, __LINE__)
