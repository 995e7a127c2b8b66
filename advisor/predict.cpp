#include "predict.hpp"

#include <algorithm>
#include <cmath>

#include "advisor/prediction_constants.hpp"

namespace advise {

using namespace prediction;

StepEstimate predict_this_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                              const MachineProfile& profile) {
  StepEstimate step;
  step.source = "measured";
  for (const auto& measurement : profile.gemms) {
    if (measurement.estimated) step.source = "transferred";
  }
  if (profile.source != "this machine") step.note = "from probe results " + profile.source;
  double gemm_low = 0;
  double gemm_high = 0;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const double count = static_cast<double>(shapes[i].count);
    step.gemm_seconds += count * profile.gemms[i].seconds_median;
    gemm_low += count * profile.gemms[i].seconds_min;
    gemm_high += count * profile.gemms[i].seconds_max;
  }
  step.memory_seconds = workload.memory_bound_bytes / profile.bandwidth.bytes_per_s_median;
  const double memory_low = workload.memory_bound_bytes / profile.bandwidth.bytes_per_s_best;
  step.seconds = step.gemm_seconds + step.memory_seconds;
  step.low = (gemm_low + memory_low) * kMeasuredLowFactor;
  step.high = (gemm_high + step.memory_seconds) * kMeasuredHighFactor;
  return step;
}

// Cores a shape can keep busy: one output tile per core at a time.
static double usable_cores(const GemmShape& shape, double cores) {
  const double tiles = std::ceil(static_cast<double>(shape.m) / kCpuTileEdge) *
                       std::ceil(static_cast<double>(shape.n) / kCpuTileEdge);
  return std::clamp(tiles, 1.0, cores);
}

StepEstimate predict_cloud_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                               const MachineProfile& profile, const CpuSpec& cpu, std::int64_t vcpus) {
  StepEstimate step;
  step.source = "scaled";
  const double local_cores = std::max(1, std::min(profile.cpu.threads_used, profile.cpu.cores));
  const double local_peak_per_core = profile.cpu.peak_flops.at("fp32") / local_cores;
  const double target_cores = std::max(1.0, static_cast<double>(vcpus) / static_cast<double>(cpu.threads_per_core));
  const double target_peak_per_core = cpu.fp32_flops_per_cycle_per_core * cpu.all_core_clock_hz;

  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const GemmShape& shape = shapes[i].shape;
    // Same fraction of peak as here, on the cores the shape can use there and here.
    const double local_rate = local_peak_per_core * usable_cores(shape, local_cores);
    const double target_rate = target_peak_per_core * usable_cores(shape, target_cores);
    step.gemm_seconds += static_cast<double>(shapes[i].count) * profile.gemms[i].seconds_median * local_rate / target_rate;
  }
  // Bandwidth grows with cores until the socket's memory channels are full.
  const double bandwidth = std::min(profile.bandwidth.bytes_per_s_median / local_cores * target_cores,
                                    cpu.socket_bandwidth_bytes_per_s);
  step.memory_seconds = workload.memory_bound_bytes / bandwidth;
  step.seconds = step.gemm_seconds + step.memory_seconds;
  step.low = step.seconds * kScaledLowFactor;
  step.high = step.seconds * kScaledHighFactor;
  step.note = "scaled from this CPU by cores and peak";
  return step;
}

StepEstimate predict_gpu_from_specs(const Workload& workload, const std::vector<ShapeCount>& shapes,
                                    const GpuSpec& gpu) {
  StepEstimate step;
  step.source = "specs";
  const double peak = gpu.peak_flops_for(workload.precision) * kGpuGemmEfficiency;
  const double bandwidth = gpu.bandwidth_bytes_per_s * kGpuBandwidthEfficiency;
  for (const auto& entry : shapes) {
    // A GEMM is limited by its arithmetic or by moving its operands, whichever is slower.
    const double compute_s = entry.shape.flops() / peak;
    const double traffic_s = static_cast<double>(gemm_bytes(entry.shape, 4)) / bandwidth;
    step.gemm_seconds += static_cast<double>(entry.count) * std::max(compute_s, traffic_s);
  }
  step.memory_seconds = workload.memory_bound_bytes / bandwidth;
  step.overhead_seconds = static_cast<double>(workload.kernels_per_step) * kGpuSecondsPerKernel;
  // The framework launches kernels asynchronously: the GPU's work hides the
  // launches until there are more launches than work.
  step.seconds = std::max(step.gemm_seconds + step.memory_seconds, step.overhead_seconds);
  step.low = step.seconds * kSpecsLowFactor;
  step.high = step.seconds * kSpecsHighFactor;
  step.note = "predicted from specs";
  return step;
}

}  // namespace advise
