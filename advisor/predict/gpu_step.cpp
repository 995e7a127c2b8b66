#include "advisor/predict/gpu_step.hpp"

#include <algorithm>
#include <functional>

#include "advisor/predict/gpu_roofline.hpp"
#include "advisor/predict/uncertainty.hpp"

namespace advise {
namespace {

// Per workload GEMM, the library efficiency to use on the target (0: the calibrated constant).
using EfficiencyOf = std::function<double(const WorkloadGemm&)>;

// "; data parallel over 8 GPUs with sharded states (ZeRO-3)", or nothing on one GPU.
std::string placement_note(const GpuPlacement& placement) {
  if (placement.gpus <= 1) return "";
  return "; data parallel over " + std::to_string(placement.gpus) + " GPUs" +
         (placement.sharded ? " with sharded states (ZeRO-3)" : "");
}

// The all-reduce of earlier layers' gradients runs while later layers compute theirs.
double overlapped_seconds(const StepEstimate& step, double backward_s, double work_s) {
  const double backward_share = step.gemm_seconds > 0 ? backward_s / step.gemm_seconds : 0;
  return work_s * (1 - backward_share) + std::max(work_s * backward_share, step.allreduce_seconds);
}

StepEstimate predict_gpu(const Workload& workload, const GpuSpec& gpu, const PredictionConstants& constants,
                         const GpuPlacement& placement, const EfficiencyOf& efficiency_of) {
  StepEstimate step;
  step.source = FigureSource::specs;
  double backward_s = 0;
  for (const WorkloadGemm& gemm : workload.gemms) {
    const double seconds = gpu_gemm_seconds(gemm, gpu, constants, efficiency_of ? efficiency_of(gemm) : 0);
    step.gemm_seconds += seconds;
    if (gemm.role != GemmRole::forward) backward_s += seconds;
  }
  step.memory_seconds = workload.memory_bound_bytes / (gpu.bandwidth_bytes_per_s * constants.bandwidth_efficiency);
  step.overhead_seconds = static_cast<double>(workload.kernels_per_step) * constants.seconds_per_kernel;

  const double work_s = (step.gemm_seconds + step.memory_seconds) / static_cast<double>(placement.gpus);
  if (placement.gpus > 1) {
    // Gradients are all-reduced (ZeRO-3 also gathers the parameters: 1.5x the traffic).
    const double bytes = static_cast<double>(workload.memory.gradients) * (placement.sharded ? 1.5 : 1.0);
    step.allreduce_seconds = ring_allreduce_seconds(bytes, placement.gpus,
                                                    gpu.interconnect_bytes_per_s / 2 * constants.allreduce_efficiency);
  }
  // The framework launches kernels asynchronously: the GPU's work hides the
  // launches until there are more launches than work.
  step.seconds = std::max(overlapped_seconds(step, backward_s, work_s), step.overhead_seconds);
  step.low = step.seconds * prediction::kSpecsLowFactor;
  step.high = step.seconds * prediction::kSpecsHighFactor;
  step.sharded = placement.gpus > 1 && placement.sharded;
  step.note = "predicted from specs" + placement_note(placement);
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
  const auto efficiency_of = [&](const WorkloadGemm& gemm) {
    const Measurement* measured = profile.find_gpu_gemm(gemm.shape);
    if (measured && measured->status == ProbeStatus::ok && measured->verified) {
      return implied_library_efficiency(gemm.shape, measured->seconds_median, local, constants);
    }
    return 0.0;  // not measured locally: the calibrated constant
  };
  StepEstimate step = predict_gpu(workload, target, constants, placement, efficiency_of);
  step.source = FigureSource::transferred;
  step.low = step.seconds * prediction::kTransferredLowFactor;
  step.high = step.seconds * prediction::kTransferredHighFactor;
  step.note = "efficiency measured on this machine's " + local.name + ", moved to " + target.name +
              "'s peak and SM count" + placement_note(placement);
  return step;
}

}  // namespace advise
