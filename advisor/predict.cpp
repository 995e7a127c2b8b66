#include "predict.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "advisor/cpu_framework.hpp"
#include "advisor/cpu_memory.hpp"
#include "advisor/prediction_constants.hpp"

namespace advise {

using namespace prediction;

namespace {

// The verified measurement of the convolution pass `gemm` stands for, or none
// (not a convolution, or not measured): then its implicit GEMM's time counts.
const ConvMeasurement* measured_convolution(const WorkloadGemm& gemm, const MachineProfile& profile) {
  if (!gemm.convolution) return nullptr;
  const ConvPass pass = conv_pass_of(gemm);
  for (const ConvMeasurement& m : profile.convolutions) {
    if (m.shape == gemm.conv && m.pass == pass && m.status == ProbeStatus::ok && m.verified) return &m;
  }
  return nullptr;
}

// This CPU's seconds (median, fastest, slowest sample) for `gemm`'s count per step.
struct CpuGemmTime {
  double median = 0, low = 0, high = 0;
};

CpuGemmTime this_cpu_time(const WorkloadGemm& gemm, const std::vector<ShapeCount>& shapes, const MachineProfile& profile) {
  if (const ConvMeasurement* conv = measured_convolution(gemm, profile)) {
    const double calls = static_cast<double>(gemm.count / gemm.conv.groups);  // one call computes every group
    return {calls * conv->seconds_median, calls * conv->seconds_min, calls * conv->seconds_max};
  }
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    if (shapes[i].shape == gemm.shape) {
      const double count = static_cast<double>(gemm.count);
      const Measurement& m = profile.gemms[i];
      return {count * m.seconds_median, count * m.seconds_min, count * m.seconds_max};
    }
  }
  return {};
}

}  // namespace

StepEstimate predict_this_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                              const MachineProfile& profile, const CpuFrameworkCosts& framework) {
  StepEstimate step;
  step.source = "measured";
  for (const auto& measurement : profile.gemms) {
    if (measurement.estimated) step.source = "transferred";
  }
  if (profile.source != "this machine") step.note = "from probe results " + profile.source;
  double gemm_low = 0;
  double gemm_high = 0;
  for (const WorkloadGemm& gemm : workload.gemms) {
    const CpuGemmTime time = this_cpu_time(gemm, shapes, profile);
    step.gemm_seconds += time.median;
    gemm_low += time.low;
    gemm_high += time.high;
  }
  const CpuBandwidth bandwidth(profile);
  for (const auto& traffic : cpu_memory_traffic(workload, framework)) {
    step.memory_seconds += traffic.bytes / bandwidth.at(traffic.working_set_bytes);
  }
  const double memory_low = step.memory_seconds * profile.bandwidth.bytes_per_s_median / profile.bandwidth.bytes_per_s_best;
  step.overhead_seconds = cpu_framework_seconds(workload, framework) * framework_speed_ratio(profile.cpu, framework);
  step.seconds = step.gemm_seconds + step.memory_seconds + step.overhead_seconds;
  step.low = (gemm_low + memory_low + step.overhead_seconds) * kMeasuredLowFactor;
  step.high = (gemm_high + step.memory_seconds + step.overhead_seconds) * kMeasuredHighFactor;
  return step;
}

// Cores a shape can keep busy: one output tile per core at a time.
static double usable_cores(const GemmShape& shape, double cores) {
  const double tiles = std::ceil(static_cast<double>(shape.m) / kCpuTileEdge) *
                       std::ceil(static_cast<double>(shape.n) / kCpuTileEdge);
  return std::clamp(tiles, 1.0, cores);
}

StepEstimate predict_cloud_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                               const MachineProfile& profile, const CpuSpec& cpu, std::int64_t vcpus,
                               const CpuFrameworkCosts& framework) {
  StepEstimate step;
  step.source = "scaled";
  const double local_cores = std::max(1, std::min(profile.cpu.threads_used, profile.cpu.cores));
  const double local_peak_per_core = profile.cpu.peak_flops.at("fp32") / local_cores;
  const double target_cores = std::max(1.0, static_cast<double>(vcpus) / static_cast<double>(cpu.threads_per_core));
  const double target_peak_per_core = cpu.fp32_flops_per_cycle_per_core * cpu.all_core_clock_hz;

  for (const WorkloadGemm& gemm : workload.gemms) {
    // Same fraction of peak as here, on the cores the shape can use there and here.
    const double local_rate = local_peak_per_core * usable_cores(gemm.shape, local_cores);
    const double target_rate = target_peak_per_core * usable_cores(gemm.shape, target_cores);
    step.gemm_seconds += this_cpu_time(gemm, shapes, profile).median * local_rate / target_rate;
  }
  const double clock_ratio = profile.cpu.clock_hz > 0 && cpu.all_core_clock_hz > 0
                                 ? profile.cpu.clock_hz / cpu.all_core_clock_hz : 1.0;
  // Memory bandwidth grows with cores until the socket's memory channels are full; cache
  // bandwidth with cores and clock. Each pass keeps the share of its bytes the caches serve
  // here (the target's caches per core are taken to be alike).
  const CpuBandwidth local(profile);
  const double memory = std::min(local.memory() / local_cores * target_cores, cpu.socket_bandwidth_bytes_per_s);
  const double cache = local.fastest() / local_cores * target_cores / clock_ratio;
  for (const auto& traffic : cpu_memory_traffic(workload, framework)) {
    const double share = local.cache_share(traffic.working_set_bytes);
    step.memory_seconds += traffic.bytes * (share / cache + (1 - share) / memory);
  }
  step.overhead_seconds =
      cpu_framework_seconds(workload, framework) * framework_speed_ratio(profile.cpu, framework) * clock_ratio;
  step.seconds = step.gemm_seconds + step.memory_seconds + step.overhead_seconds;
  step.low = step.seconds * kScaledLowFactor;
  step.high = step.seconds * kScaledHighFactor;
  step.note = "scaled from this CPU by cores and peak";
  return step;
}

namespace {

// Per workload GEMM, the library efficiency to use on the target (0: the calibrated constant).
using EfficiencyOf = std::function<double(const WorkloadGemm&)>;

StepEstimate predict_gpu(const Workload& workload, const GpuSpec& gpu, const PredictionConstants& constants,
                         const GpuPlacement& placement, const EfficiencyOf& efficiency_of) {
  StepEstimate step;
  step.source = "specs";
  double backward_s = 0;
  for (const WorkloadGemm& gemm : workload.gemms) {
    const double seconds = gpu_gemm_seconds(gemm, gpu, constants, efficiency_of ? efficiency_of(gemm) : 0);
    step.gemm_seconds += seconds;
    if (gemm.role != "forward") backward_s += seconds;
  }
  step.memory_seconds = workload.memory_bound_bytes / (gpu.bandwidth_bytes_per_s * constants.bandwidth_efficiency);
  step.overhead_seconds = static_cast<double>(workload.kernels_per_step) * constants.seconds_per_kernel;

  const double g = static_cast<double>(placement.gpus);
  const double work_s = (step.gemm_seconds + step.memory_seconds) / g;
  if (placement.gpus > 1) {
    // Gradients are all-reduced (ZeRO-3 also gathers the parameters: 1.5x the traffic).
    const double bytes = static_cast<double>(workload.memory.gradients) * (placement.sharded ? 1.5 : 1.0);
    step.allreduce_seconds = ring_allreduce_seconds(bytes, placement.gpus,
                                                    gpu.interconnect_bytes_per_s / 2 * constants.allreduce_efficiency);
  }
  // The all-reduce of earlier layers' gradients runs while later layers compute theirs.
  const double backward_share = step.gemm_seconds > 0 ? backward_s / step.gemm_seconds : 0;
  const double overlapped = work_s * (1 - backward_share) + std::max(work_s * backward_share, step.allreduce_seconds);
  // The framework launches kernels asynchronously: the GPU's work hides the
  // launches until there are more launches than work.
  step.seconds = std::max(overlapped, step.overhead_seconds);
  step.low = step.seconds * kSpecsLowFactor;
  step.high = step.seconds * kSpecsHighFactor;
  step.note = "predicted from specs";
  if (placement.gpus > 1) {
    step.note += "; data parallel over " + std::to_string(placement.gpus) + " GPUs" +
                 (placement.sharded ? " with sharded states (ZeRO-3)" : "");
  }
  return step;
}

}  // namespace

StepEstimate predict_gpu_from_specs(const Workload& workload, const GpuSpec& gpu, const PredictionConstants& constants,
                                    const GpuPlacement& placement) {
  return predict_gpu(workload, gpu, constants, placement, {});
}

StepEstimate predict_gpu_transferred(const Workload& workload, const GpuSpec& target, const MachineProfile& profile,
                                     const GpuSpec& local, const PredictionConstants& constants,
                                     const GpuPlacement& placement) {
  if (!profile.gpu.available || profile.gpu_gemms.empty()) return predict_gpu_from_specs(workload, target, constants, placement);
  const std::vector<ShapeCount> shapes = distinct_shapes(workload);
  const auto efficiency_of = [&](const WorkloadGemm& gemm) {
    for (std::size_t i = 0; i < shapes.size() && i < profile.gpu_gemms.size(); ++i) {
      const Measurement& measured = profile.gpu_gemms[i];
      if (shapes[i].shape == gemm.shape && measured.status == ProbeStatus::ok && measured.verified) {
        return implied_library_efficiency(gemm.shape, measured.seconds_median, local, constants);
      }
    }
    return 0.0;  // not measured locally: the calibrated constant
  };
  StepEstimate step = predict_gpu(workload, target, constants, placement, efficiency_of);
  step.source = "transferred";
  step.low = step.seconds * kTransferredLowFactor;
  step.high = step.seconds * kTransferredHighFactor;
  step.note = "efficiency measured on this machine's " + local.name + ", moved to " + target.name +
              "'s peak and SM count" + step.note.substr(std::string("predicted from specs").size());
  return step;
}

}  // namespace advise
