#pragma once
// The local NVIDIA GPU, measured through the backend module when there is
// one: discovery, GEMM timing with cuBLASLt (or our own kernels, for the
// benchmark), and bandwidth. Without a usable GPU, open() says why.

#include <memory>
#include <string>

#include "gpu_backend_loader.hpp"
#include "measurement.hpp"
#include "probe_plan.hpp"

namespace advise {

// Dense peak FLOP/s from SM count × clock × the per-SM rate of a compute
// capability (fp32 on CUDA cores; tf32, bf16, fp16 on tensor cores with fp32
// accumulation). Consumer Ampere/Ada parts run fp32-accumulate at half this
// rate; a known GPU's catalog specs take precedence.
std::map<std::string, double> gpu_peak_from_architecture(int major, int minor, int sm_count, double clock_hz);

class GpuProbe {
 public:
  // The local GPU, or nullptr with `reason` (no backend, no CUDA libraries, no driver, no device).
  static std::unique_ptr<GpuProbe> open(const std::string& backend_path, std::string& reason);

  const GpuFacts& facts() const { return facts_; }

  // cuBLASLt (`own_kernel` false) or our kernels on `shape`, cut to fit the GPU's memory
  // and cut further after an out-of-memory; verified before a time is reported.
  Measurement time_gemm(const GemmShape& shape, double budget_s, bool own_kernel = false);
  BandwidthMeasurement triad(double budget_s);

 private:
  Measurement from_result(Measurement measurement, const advise_gpu_gemm_result& result, const ProbeShape& plan) const;

  std::unique_ptr<GpuBackend> backend_;
  GpuFacts facts_;
  std::int64_t free_memory_bytes_ = 0;  // when the GPU was found
};

}  // namespace advise
