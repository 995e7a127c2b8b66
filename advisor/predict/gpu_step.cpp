#include "advisor/predict/gpu_step.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "advisor/predict/gpu_roofline.hpp"
#include "advisor/predict/uncertainty.hpp"

namespace advise {
namespace {

// A step counts as transferred from this machine's GPU when at least this share of its GEMM FLOPs
// moves a measurement; below it, the figure is mostly the calibrated constants and says so.
constexpr double kLeastTransferredShare = 0.5;

// Per workload GEMM, the library efficiency to use on the target (0: the calibrated constant).
using EfficiencyOf = std::function<double(const WorkloadGemm&)>;

// "; data parallel over 8 GPUs with sharded states (ZeRO-3)", or nothing on one GPU.
std::string placement_note(const GpuPlacement& placement) {
  if (placement.gpus <= 1) return "";
  return "; data parallel over " + std::to_string(placement.gpus) + " GPUs" +
         (placement.sharded ? " with sharded states (ZeRO-3)" : "");
}

// "; its 1.24 W per SM is below the calibrated boards' 2.08 W: the clock law is extrapolated", or
// the like for a 16-bit peak above theirs; nothing inside the range (or where it is unknown).
std::string outside_calibration_note(const GpuSpec& gpu, const PredictionConstants& constants) {
  std::string note;
  char text[160];
  const double power = watts_per_sm(gpu);
  if (constants.calibrated_min_watts_per_sm > 0 && power > 0 && power < constants.calibrated_min_watts_per_sm * 0.995) {
    std::snprintf(text, sizeof text, "; its %.2f W per SM is below the calibrated boards' %.2f W: the clock law is extrapolated",
                  power, constants.calibrated_min_watts_per_sm);
    note += text;
  }
  const double peak = library_peak_flops("fp16", gpu);
  if (constants.calibrated_max_tensor_flops > 0 && peak > constants.calibrated_max_tensor_flops * 1.005) {
    std::snprintf(text, sizeof text, "; its %.0f TFLOP/s 16-bit peak is above the calibrated boards' %.0f: the peak law is extrapolated",
                  peak / 1e12, constants.calibrated_max_tensor_flops / 1e12);
    note += text;
  }
  return note;
}

// "; it has no bf16 units: its bf16 GEMMs run at its fp32 rate (fp16 would use its tensor
// cores)", for a GPU whose datasheet lists no rate for a precision the step's GEMMs use.
std::string missing_units_note(const Workload& workload, const GpuSpec& gpu) {
  for (const WorkloadGemm& gemm : workload.gemms) {
    const std::string& dtype = gemm.shape.dtype;
    if (dtype == "fp32" || dtype == "tf32" || gpu.peak_flops.count(dtype)) continue;
    std::string note = "; it has no " + dtype + " units: its " + dtype + " GEMMs run at its fp32 rate";
    if (dtype == "bf16" && uses_tensor_cores("fp16", gpu)) note += " (fp16 would use its tensor cores)";
    return note;
  }
  return "";
}

// Data parallel as PyTorch's DistributedDataParallel runs it: the gradients are all-reduced in
// buckets as the backward pass fills them, so a bucket's reduction runs while earlier layers'
// gradients are computed; the last bucket waits for the end of the backward pass.
struct AllReduce {
  double seconds = 0;       // all buckets, one after the other
  double last_bucket_s = 0;  // what no computation can hide
};

AllReduce gradient_allreduce(double bytes, std::int64_t gpus, const GpuSpec& gpu,
                             const PredictionConstants& constants) {
  AllReduce result;
  if (gpus <= 1 || bytes <= 0) return result;
  const double link = gpu.interconnect_bytes_per_s / 2 * constants.allreduce_efficiency;
  const double bucket = std::max(1.0, constants.allreduce_bucket_bytes);
  const double buckets = std::ceil(bytes / bucket);
  // A ring all-reduce takes 2(g-1) steps, each paying the link's latency once per bucket.
  const double latency = 2.0 * static_cast<double>(gpus - 1) * constants.allreduce_latency_seconds;
  result.seconds = ring_allreduce_seconds(bytes, gpus, link) + buckets * latency;
  result.last_bucket_s = ring_allreduce_seconds(std::min(bytes, bucket), gpus, link) + latency;
  return result;
}

// Gradient bytes all-reduced per step (ZeRO-3 also gathers the parameters: 1.5x the traffic).
double allreduce_bytes(const Workload& workload, const GpuPlacement& placement) {
  return static_cast<double>(workload.memory.gradients) * (placement.sharded ? 1.5 : 1.0);
}

// The band of a step: its central figure times low_factor and high_factor. On several GPUs that
// all-reduce over PCIe, the slow end also holds the step whose all-reduce runs at the share of the
// link the calibration's slowest tenth of multi-GPU runs reached, nothing hidden
// (allreduce_slow_share): those runs all-reduced through host memory over PCIe and spread far
// wider in what it cost them than one share follows. NVLink does not pass through the host, and
// the calibration saw none of it: its band stays the one-GPU band.
void set_band(StepEstimate& step, double low_factor, double high_factor, const Workload& workload,
              const GpuSpec& gpu, const PredictionConstants& constants, const GpuPlacement& placement) {
  step.low = step.seconds * low_factor;
  step.high = step.seconds * high_factor;
  if (placement.gpus <= 1) return;
  const bool over_pcie = gpu.interconnect.rfind("PCIe", 0) == 0;
  const double alone_s = step.seconds * step.scaling_efficiency;
  const double slow_link = over_pcie ? gpu.interconnect_bytes_per_s / 2 * constants.allreduce_slow_share : 0;
  const double slow_s = ring_allreduce_seconds(allreduce_bytes(workload, placement), placement.gpus, slow_link);
  step.scaling_efficiency_low = step.scaling_efficiency;
  if (slow_s <= 0) return;
  step.scaling_efficiency_low = std::min(step.scaling_efficiency, alone_s / (alone_s + slow_s));
  step.high = std::max(step.high, alone_s * high_factor + slow_s);
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
  const ArchitectureConstants architecture = constants.for_architecture(gpu.architecture);
  step.memory_seconds =
      gpu_memory_bound_bytes(workload) / (gpu.bandwidth_bytes_per_s * architecture.bandwidth_efficiency);
  step.overhead_seconds = static_cast<double>(workload.kernels_per_step) * constants.seconds_per_kernel;

  const double gpus = static_cast<double>(placement.gpus);
  const double work_s = (step.gemm_seconds + step.memory_seconds) / gpus;
  const AllReduce allreduce = gradient_allreduce(allreduce_bytes(workload, placement), placement.gpus, gpu, constants);
  step.allreduce_seconds = allreduce.seconds;
  const double hidden_behind = constants.allreduce_overlap * backward_s / gpus;
  const double exposed_s =
      placement.gpus > 1 ? std::max(allreduce.seconds - hidden_behind, allreduce.last_bucket_s) : 0;
  // The framework launches kernels asynchronously: the GPU's work hides the
  // launches until there are more launches than work.
  const double alone_s = std::max(work_s, step.overhead_seconds);
  step.seconds = std::max(work_s + exposed_s, step.overhead_seconds);
  if (placement.gpus > 1) step.scaling_efficiency = alone_s / step.seconds;
  const bool recurrent = workload.has_recurrent_layers();
  set_band(step, recurrent ? prediction::kSpecsRecurrentLowFactor : prediction::kSpecsLowFactor,
           recurrent ? prediction::kSpecsRecurrentHighFactor : prediction::kSpecsHighFactor, workload, gpu, constants,
           placement);
  step.sharded = placement.gpus > 1 && placement.sharded;
  step.note = std::string("predicted from specs") + (recurrent ? ", with recurrent models' wider band" : "") +
              placement_note(placement) + missing_units_note(workload, gpu) + outside_calibration_note(gpu, constants);
  return step;
}

}  // namespace

double gpu_memory_bound_bytes(const Workload& workload) {
  double bytes = 0;
  for (const MemoryTraffic& entry : workload.memory_traffic) {
    if (entry.kind != TrafficKind::recurrent_weight_gradient) bytes += entry.bytes;
  }
  return bytes;
}

StepEstimate predict_gpu_from_specs(const Workload& workload, const GpuSpec& gpu, const PredictionConstants& constants,
                                    const GpuPlacement& placement) {
  return predict_gpu(workload, gpu, constants, placement, {});
}

StepEstimate predict_gpu_transferred(const Workload& workload, const GpuSpec& target, const MachineProfile& profile,
                                     const GpuSpec& local, const PredictionConstants& constants,
                                     const GpuPlacement& placement) {
  if (!profile.gpu.available || profile.gpu_gemms.empty()) return predict_gpu_from_specs(workload, target, constants, placement);
  const auto efficiency_of = [&](const WorkloadGemm& gemm) {
    const GemmShape here_shape = gpu_run_shape(gemm, local);
    // A GEMM the target runs in another precision than this GPU (tf32 there, fp32 here) gets
    // the calibrated constant: an fp32 share says nothing of tensor cores.
    if (gpu_precision(gemm, target) != here_shape.dtype) return 0.0;
    const Measurement* measured = profile.find_gpu_gemm(here_shape);
    if (measured && measured->status == ProbeStatus::ok && measured->verified) {
      const double here = implied_library_efficiency(here_shape, measured->seconds_median, local, constants);
      // The cross-generation laws the constants were fitted with (a tensor-core share falls with
      // the library peak and with less power per SM) move it from this GPU to the target.
      const std::string& dtype = here_shape.dtype;
      if (!uses_tensor_cores(dtype, local) || !uses_tensor_cores(dtype, target)) return here;
      return std::min(1.0, here * tensor_peak_scale(dtype, target, constants) / tensor_peak_scale(dtype, local, constants));
    }
    return 0.0;  // not measured locally: the calibrated constant
  };
  // The share of the step's GEMM FLOPs that moves a measurement: the label says what the figure is.
  double all_flops = 0, moved_flops = 0;
  for (const WorkloadGemm& gemm : workload.gemms) {
    const double flops = gemm.shape.flops() * static_cast<double>(gemm.count);
    all_flops += flops;
    if (efficiency_of(gemm) > 0) moved_flops += flops;
  }
  const double moved_share = all_flops > 0 ? moved_flops / all_flops : 0;
  char percent[32];
  std::snprintf(percent, sizeof percent, "%.0f %%", 100 * moved_share);
  if (moved_share < kLeastTransferredShare) {  // mostly the calibrated constants: a from-specs figure
    StepEstimate step = predict_gpu_from_specs(workload, target, constants, placement);
    step.note += "; this machine's " + local.name + " measured " + (moved_flops > 0 ? percent : std::string("none")) +
                 " of its GEMM FLOPs in the precision " + target.name + " runs them in";
    return step;
  }
  StepEstimate step = predict_gpu(workload, target, constants, placement, efficiency_of);
  step.source = FigureSource::transferred;
  set_band(step, prediction::kTransferredLowFactor, prediction::kTransferredHighFactor, workload, target, constants,
           placement);
  const std::string share =
      moved_share < 0.995 ? std::string(" for ") + percent + " of the GEMM FLOPs (the rest from specs)" : "";
  step.note = "efficiency measured on this machine's " + local.name + share + ", moved to " + target.name +
              "'s peak and SM count" + placement_note(placement) + missing_units_note(workload, target) +
              outside_calibration_note(target, constants);
  return step;
}

}  // namespace advise
