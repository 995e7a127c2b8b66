#include "advisor/predict/local_gpu.hpp"

#include <algorithm>
#include <sstream>

#include "advisor/predict/gpu_roofline.hpp"
#include "advisor/predict/gpu_step.hpp"
#include "advisor/predict/uncertainty.hpp"

namespace advise {

namespace {

bool has_tf32(const GpuFacts& gpu) { return gpu.peak_flops.count("tf32") > 0; }

}  // namespace

GpuGemmPlan gpu_probe_plan(const Workload& workload, const GpuFacts& gpu) {
  GpuGemmPlan plan;
  for (const WorkloadGemm& gemm : workload.gemms) {
    const GemmShape shape = gpu_run_shape(gemm, has_tf32(gpu));
    const double flops = shape.flops() * static_cast<double>(as_gpu_library_runs_it(gemm).count);
    const auto known = std::find(plan.shapes.begin(), plan.shapes.end(), shape);
    if (known != plan.shapes.end()) {
      plan.weights[static_cast<std::size_t>(known - plan.shapes.begin())] += flops;
    } else {
      plan.shapes.push_back(shape);
      plan.weights.push_back(flops);
    }
  }
  return plan;
}

namespace {

// Seconds per step: the median, and the sums of the fastest and slowest samples.
struct GemmTimes {
  double median = 0, min = 0, max = 0;
};

// Whether the framework runs `gemm`'s instances in batched kernels: attention heads, a grouped
// convolution's groups.
bool runs_batched(const WorkloadGemm& gemm) { return gemm.per_kernel > 1; }

// A GEMM's time on this GPU from its measurement. A batched GEMM (attention heads) runs a layer's
// instances in one kernel, but the probe times one instance, which leaves most SMs idle: its
// efficiency, taken out of this GPU's waves, runs each kernel's batch.
GemmTimes measured_times(const WorkloadGemm& gemm, const Measurement& measured, const GpuSpec& local,
                         const PredictionConstants& constants) {
  const WorkloadGemm runs = as_gpu_library_runs_it(gemm);
  const double count = static_cast<double>(runs.count);
  if (!runs_batched(runs) || !(measured.seconds_median > 0)) {
    return {count * measured.seconds_median, count * measured.seconds_min, count * measured.seconds_max};
  }
  const GemmShape shape = gpu_run_shape(gemm, local);
  const double efficiency = implied_library_efficiency(shape, measured.seconds_median, local, constants);
  const double median = gpu_gemm_seconds(gemm, local, constants, efficiency);
  return {median, median * measured.seconds_min / measured.seconds_median,
          median * measured.seconds_max / measured.seconds_median};
}

}  // namespace

StepEstimate predict_this_gpu(const Workload& workload, const MachineProfile& profile, const GpuSpec& local,
                              const PredictionConstants& constants) {
  StepEstimate step;
  step.source = FigureSource::measured;
  double low = 0, high = 0;
  bool any_batched = false;
  for (const WorkloadGemm& gemm : workload.gemms) {
    const Measurement* measured = profile.find_gpu_gemm(gpu_run_shape(gemm, has_tf32(profile.gpu_facts)));
    if (!measured) continue;
    const GemmTimes times = measured_times(gemm, *measured, local, constants);
    step.gemm_seconds += times.median;
    low += times.min;
    high += times.max;
    any_batched = any_batched || runs_batched(gemm);
  }
  step.memory_seconds = gpu_memory_bound_bytes(workload) / profile.gpu_facts.bandwidth_bytes_per_s;
  step.overhead_seconds = static_cast<double>(workload.kernels_per_step) * constants.seconds_per_kernel;
  step.seconds = std::max(step.gemm_seconds + step.memory_seconds, step.overhead_seconds);
  step.low = std::max(low + step.memory_seconds, step.overhead_seconds) * prediction::kMeasuredLowFactor;
  step.high = std::max(high + step.memory_seconds, step.overhead_seconds) * prediction::kMeasuredHighFactor;
  step.note = "GEMMs timed with cuBLASLt on this GPU";
  const bool any_in_tf32 = std::any_of(workload.gemms.begin(), workload.gemms.end(), [&](const WorkloadGemm& gemm) {
    return gemm.shape.dtype != gpu_run_shape(gemm, has_tf32(profile.gpu_facts)).dtype;
  });
  if (any_in_tf32) step.note += " (the fp32 ones cuDNN runs in tf32, as PyTorch does)";
  if (any_batched) step.note += "; a batched GEMM's instance timed, the batch run in one kernel at its efficiency";
  return step;
}

std::string unmeasured_gpu_gemm(const Workload& workload, const MachineProfile& profile) {
  for (const WorkloadGemm& gemm : workload.gemms) {
    const GemmShape shape = gpu_run_shape(gemm, has_tf32(profile.gpu_facts));
    const Measurement* measured = profile.find_gpu_gemm(shape);
    if (measured && measured->status == ProbeStatus::ok && measured->verified) continue;
    std::ostringstream text;
    text << "the GEMM " << shape << " was not measured on this GPU: "
         << (!measured ? std::string("no measurement")
                       : to_string(measured->status) + (measured->reason.empty() ? "" : " (" + measured->reason + ")"));
    return text.str();
  }
  return "";
}

GpuSpec local_gpu_spec(const MachineProfile& profile, const Catalogs& catalogs) {
  if (const GpuSpec* spec = catalogs.find_gpu(profile.gpu_facts.name)) return *spec;
  GpuSpec spec;
  spec.name = profile.gpu_facts.name;
  spec.memory_bytes = profile.gpu_facts.memory_bytes;
  spec.bandwidth_bytes_per_s = profile.gpu_facts.bandwidth_bytes_per_s;
  spec.peak_flops = profile.gpu_facts.peak_flops;
  spec.sm_count = profile.gpu_facts.sm_count;
  return spec;
}

}  // namespace advise
