// A stand-in GPU backend module (the C interface of probes/gpu_backend_api.h) for
// tests of what advise does with a GPU's answers, on machines without one. What it
// answers comes from ADVISE_FAKE_GPU, read on every call, e.g.
//   ADVISE_FAKE_GPU="discover=100"           discovery fails with that cudaError_t
//   ADVISE_FAKE_GPU="oom_above=67108864"     out of memory for shapes over that many bytes
//   ADVISE_FAKE_GPU="unverified"             a time for a result that was not checked
//   ADVISE_FAKE_GPU="seconds=-1"             this time per call, whatever the shape
//   ADVISE_FAKE_GPU="triad=0"                the bandwidth probe fails
// Without a setting it is a healthy GPU at 50 TFLOP/s and 3 TB/s.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "probes/gpu_backend_api.h"

namespace {

std::string settings() {
  const char* text = std::getenv("ADVISE_FAKE_GPU");
  return text ? text : "";
}

bool has(const std::string& key) { return (" " + settings() + " ").find(" " + key + " ") != std::string::npos; }

// The number after "key=", or `fallback`.
double number(const std::string& key, double fallback) {
  const std::string all = " " + settings();
  const std::size_t at = all.find(" " + key + "=");
  if (at == std::string::npos) return fallback;
  return std::strtod(all.c_str() + at + key.size() + 2, nullptr);
}

}  // namespace

extern "C" {

int advise_gpu_abi_version(void) { return ADVISE_GPU_BACKEND_ABI; }

int advise_gpu_discover(struct advise_gpu_device* device) {
  if (const int error = static_cast<int>(number("discover", 0)); error != 0) return error;
  std::memset(device, 0, sizeof *device);
  std::snprintf(device->name, sizeof device->name, "Fake GPU");
  device->compute_major = 9;
  device->compute_minor = 0;
  device->sm_count = 132;
  device->sm_clock_khz = 1980000;
  device->memory_bytes = 80LL << 30;
  device->free_memory_bytes = 79LL << 30;
  device->memory_clock_khz = 2619000;
  device->memory_bus_bits = 5120;
  device->driver_version = 13000;
  device->runtime_version = 13000;
  return 0;
}

void advise_gpu_time_gemm(const struct advise_gpu_gemm_request* request, struct advise_gpu_gemm_result* result) {
  std::memset(result, 0, sizeof *result);
  const double bytes = 4.0 * static_cast<double>(request->m * request->k + request->k * request->n + request->m * request->n);
  if (has("oom") || bytes > number("oom_above", INFINITY)) {
    result->status = ADVISE_GPU_OUT_OF_MEMORY;
    std::snprintf(result->reason, sizeof result->reason, "cudaMalloc: out of memory");
    return;
  }
  const double flops = 2.0 * static_cast<double>(request->m) * static_cast<double>(request->n) * static_cast<double>(request->k);
  const double seconds = number("seconds", flops / 50e12);
  result->status = ADVISE_GPU_OK;
  result->seconds_median = result->seconds_min = result->seconds_max = seconds;
  result->samples = 5;
  result->verified = has("unverified") ? 0 : 1;
}

double advise_gpu_triad(double, char* reason, int reason_size) {
  const double rate = number("triad", 3e12);
  if (rate <= 0) std::snprintf(reason, static_cast<std::size_t>(reason_size), "triad result check failed");
  return rate;
}

}  // extern "C"
