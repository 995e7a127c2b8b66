#include "advisor/predict/local_gpu.hpp"

#include <algorithm>
#include <sstream>

#include "advisor/predict/uncertainty.hpp"

namespace advise {

StepEstimate predict_this_gpu(const Workload& workload, const MachineProfile& profile,
                              const PredictionConstants& constants) {
  StepEstimate step;
  step.source = FigureSource::measured;
  double low = 0, high = 0;
  for (const ShapeCount& shape : distinct_shapes(workload)) {
    const Measurement* measured = profile.find_gpu_gemm(shape.shape);
    if (!measured) continue;
    const double count = static_cast<double>(shape.count);
    step.gemm_seconds += count * measured->seconds_median;
    low += count * measured->seconds_min;
    high += count * measured->seconds_max;
  }
  step.memory_seconds = workload.memory_bound_bytes / profile.gpu_facts.bandwidth_bytes_per_s;
  step.overhead_seconds = static_cast<double>(workload.kernels_per_step) * constants.seconds_per_kernel;
  step.seconds = std::max(step.gemm_seconds + step.memory_seconds, step.overhead_seconds);
  step.low = std::max(low + step.memory_seconds, step.overhead_seconds) * prediction::kMeasuredLowFactor;
  step.high = std::max(high + step.memory_seconds, step.overhead_seconds) * prediction::kMeasuredHighFactor;
  step.note = "GEMMs timed with cuBLASLt on this GPU";
  return step;
}

std::string unmeasured_gpu_gemm(const Workload& workload, const MachineProfile& profile) {
  for (const ShapeCount& shape : distinct_shapes(workload)) {
    const Measurement* measured = profile.find_gpu_gemm(shape.shape);
    if (measured && measured->status == ProbeStatus::ok && measured->verified) continue;
    std::ostringstream text;
    text << "the GEMM " << shape.shape << " was not measured on this GPU: "
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
