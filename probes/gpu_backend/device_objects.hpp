#pragma once
// The backend's device objects, each released by its owner's destructor, so that an
// exception half-way through a probe (out of memory, a cuBLASLt error) leaks nothing.

#include <cublasLt.h>
#include <cuda_runtime.h>

#include <cstddef>

#include "kernels/cuda_check.hpp"

namespace advise {

// Device memory freed on scope exit; an allocation failure throws CudaError (out of memory included).
struct DeviceBuffer {
  void* pointer = nullptr;
  explicit DeviceBuffer(std::size_t bytes) { ADVISE_CUDA_CHECK(cudaMalloc(&pointer, bytes)); }
  ~DeviceBuffer() { cudaFree(pointer); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
};

// A cuBLASLt object destroyed with its owner, also when a constructor throws half-way.
template <typename Handle, cublasStatus_t (*Destroy)(Handle)>
struct Owned {
  Handle handle = nullptr;
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() {
    if (handle) Destroy(handle);
  }
};

// A CUDA event, likewise.
struct Event {
  cudaEvent_t event = nullptr;
  Event() { ADVISE_CUDA_CHECK(cudaEventCreate(&event)); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { cudaEventDestroy(event); }
};

}  // namespace advise
