#include "advisor/predict/this_cpu.hpp"

#include "advisor/predict/arithmetic_rates.hpp"
#include "advisor/predict/cold_operands.hpp"
#include "advisor/predict/cpu_bandwidth.hpp"
#include "advisor/predict/cpu_gemm_time.hpp"
#include "advisor/predict/uncertainty.hpp"

namespace advise {

using namespace prediction;

StepEstimate predict_this_cpu(const Workload& workload, const MachineProfile& profile,
                              const CpuFrameworkCosts& framework) {
  StepEstimate step;
  step.source = FigureSource::measured;
  for (const auto& measurement : profile.gemms) {
    if (measurement.estimated) step.source = FigureSource::transferred;
  }
  if (profile.source != "this machine") step.note = "from probe results " + profile.source;
  if (const std::string unscaled = unscaled_framework_note(profile.cpu, framework); !unscaled.empty()) {
    step.note += (step.note.empty() ? "" : "; ") + unscaled;
  }
  double gemm_low = 0;
  double gemm_high = 0;
  for (const WorkloadGemm& gemm : workload.gemms) {
    const CpuGemmTime time = this_cpu_time(gemm, profile);
    step.gemm_seconds += time.median;
    gemm_low += time.low;
    gemm_high += time.high;
  }
  const CpuBandwidth bandwidth(profile);
  for (const auto& traffic : cpu_memory_traffic(workload, framework)) {
    step.memory_seconds += traffic.bytes / framework_traffic_rate(traffic, bandwidth, framework);
  }
  step.memory_seconds += cold_operand_seconds(workload.gemms, bandwidth, bandwidth.memory());
  const double memory_low = step.memory_seconds * profile.bandwidth.bytes_per_s_median / profile.bandwidth.bytes_per_s_best;
  // Per-call costs carry by the dispatch probe; arithmetic rates by the arithmetic probe.
  const CarriedRates carried = carry_arithmetic_rates(framework, profile, workload);
  const FrameworkSeconds framework_parts = framework_seconds(workload, carried.costs);
  step.overhead_seconds =
      framework_parts.calls * framework_speed_ratio(profile.cpu, framework) + framework_parts.arithmetic_total();
  step.seconds = step.gemm_seconds + step.memory_seconds + step.overhead_seconds;
  // The framework's own time: measured here by a calibration, or the bundled reference from another
  // CPU scaled by the dispatch probe, which is less sure (the band of a figure scaled from elsewhere).
  const bool calibrated = !framework.calibrated_with.empty();
  const double overhead_low = step.overhead_seconds * (calibrated ? 1.0 : kScaledLowFactor);
  const double overhead_high = step.overhead_seconds * (calibrated ? 1.0 : kScaledHighFactor);
  step.low = (gemm_low + memory_low + overhead_low) * kMeasuredLowFactor;
  step.high = (gemm_high + step.memory_seconds + overhead_high) * kMeasuredHighFactor;
  if (step.overhead_seconds > 0) {
    step.note += (step.note.empty() ? "" : "; ") +
                 (calibrated ? "framework costs calibrated with " + framework.calibrated_with + " here"
                             : std::string("framework costs from the bundled reference, scaled to this CPU "
                                           "(`advise calibrate pytorch` measures them here)"));
    if (const std::string rates = carried.note(); !rates.empty()) step.note += "; " + rates;
  }
  return step;
}

}  // namespace advise
