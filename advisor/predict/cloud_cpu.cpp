#include "advisor/predict/cloud_cpu.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "advisor/predict/arithmetic_rates.hpp"
#include "advisor/predict/cold_operands.hpp"
#include "advisor/predict/cpu_bandwidth.hpp"
#include "advisor/predict/cpu_gemm_time.hpp"
#include "advisor/predict/uncertainty.hpp"

namespace advise {
namespace {

// Cores a shape can keep busy: one output tile per core at a time.
double usable_cores(const GemmShape& shape, double cores) {
  const double tiles = std::ceil(static_cast<double>(shape.m) / kCpuTileEdge) *
                       std::ceil(static_cast<double>(shape.n) / kCpuTileEdge);
  return std::clamp(tiles, 1.0, cores);
}

// FLOP/s per core of the units a GEMM of `dtype` runs on there: bf16 on AMX tiles or dot
// products where the CPU has them, everything else on the FMA units.
double target_peak_per_core(const CpuSpec& cpu, const std::string& dtype) {
  const double per_cycle = dtype == "bf16" ? cpu.bf16_flops_per_cycle_per_core : cpu.fp32_flops_per_cycle_per_core;
  return (per_cycle > 0 ? per_cycle : cpu.fp32_flops_per_cycle_per_core) * cpu.all_core_clock_hz;
}

// A precision's peak as a multiple of fp32's, here (measured) and there (catalog): about the
// same where it runs on the same kind of units.
struct UnitPeaks {
  double here = 1, there = 1;
  double ratio() const { return here > 0 ? there / here : 1; }
};

UnitPeaks unit_peaks(const MachineProfile& profile, const CpuSpec& cpu, const std::string& ran,
                     const std::string& dtype) {
  const double local_fp32 = profile.cpu.peak_for("fp32");
  const double target_fp32 = target_peak_per_core(cpu, "fp32");
  if (local_fp32 <= 0 || target_fp32 <= 0) return {};
  return {profile.cpu.peak_for(ran) / local_fp32, target_peak_per_core(cpu, dtype) / target_fp32};
}

// AMX tiles against vector units (FMAs or dot products) differ eightfold or more in peak over
// fp32's; dot products against FMAs twofold, a change of the kind the scaled band already spans.
constexpr double kUnitChangeThreshold = 4;

// Where a precision runs on other units there than here (AMX tiles here, FMAs there, or the
// reverse), its GEMMs keep their fraction of a different peak: say so, with the two rates.
std::string unit_change_note(const std::string& dtype, const UnitPeaks& peaks) {
  const bool faster_there = peaks.ratio() > 1;
  char text[240];
  std::snprintf(text, sizeof text,
                "%s GEMMs run on %s units there (%.3gx the fp32 peak) than here (%.3gx): their fraction of "
                "peak may not carry over, and the band allows them %.2gx %s time",
                dtype.c_str(), faster_there ? "faster" : "slower", peaks.there, peaks.here,
                prediction::kUnitChangeFactor, faster_there ? "more" : "less");
  return text;
}

// The step's GEMMs there, and the part of them whose precision runs on faster units (relative to
// fp32) there than here, or on slower ones: the band widens for those (kUnitChangeFactor), and
// the note names the first such precision.
struct ScaledGemms {
  double seconds = 0, faster_units_there = 0, faster_units_here = 0;
  std::string unit_change_note;
};

ScaledGemms scale_gemms(const Workload& workload, const MachineProfile& profile, const CpuSpec& cpu,
                        double local_cores, double target_cores) {
  ScaledGemms scaled;
  for (const WorkloadGemm& gemm : workload.gemms) {
    // Same fraction of peak as here, on the cores the shape can use there and here, each peak
    // that of the units the precision runs on (measured here, from the catalog there).
    const std::string ran = this_cpu_dtype(gemm, profile);
    const double local_rate = profile.cpu.peak_for(ran) / local_cores * usable_cores(gemm.shape, local_cores);
    const double target_rate = target_peak_per_core(cpu, gemm.shape.dtype) * usable_cores(gemm.shape, target_cores);
    const double seconds = this_cpu_time(gemm, profile).median * local_rate / target_rate;
    scaled.seconds += seconds;
    const UnitPeaks peaks = unit_peaks(profile, cpu, ran, gemm.shape.dtype);
    const bool faster_there = peaks.ratio() > kUnitChangeThreshold;
    const bool faster_here = peaks.ratio() < 1 / kUnitChangeThreshold;
    if (faster_there) scaled.faster_units_there += seconds;
    if (faster_here) scaled.faster_units_here += seconds;
    if ((faster_there || faster_here) && scaled.unit_change_note.empty()) {
      scaled.unit_change_note = unit_change_note(gemm.shape.dtype, peaks);
    }
  }
  return scaled;
}

}  // namespace

StepEstimate predict_cloud_cpu(const Workload& workload, const MachineProfile& profile, const CpuSpec& cpu,
                               std::int64_t vcpus, const CpuFrameworkCosts& framework) {
  StepEstimate step;
  step.source = FigureSource::scaled;
  const double local_cores = std::max(1, std::min(profile.cpu.threads_used, profile.cpu.cores));
  const double target_cores = std::max(1.0, static_cast<double>(vcpus) / static_cast<double>(cpu.threads_per_core));

  const ScaledGemms gemms = scale_gemms(workload, profile, cpu, local_cores, target_cores);
  step.gemm_seconds = gemms.seconds;
  // Clocks compared like with like: catalogs give all-core clocks, so this CPU's all-core clock
  // (its one-thread clock in results from before it was measured). Per-call framework time runs
  // on one thread at its boost clock; the target's boost is taken to exceed its all-core clock
  // by the same factor as here's, so the same ratio carries it.
  const double local_clock = profile.cpu.all_core_clock_hz > 0 ? profile.cpu.all_core_clock_hz : profile.cpu.clock_hz;
  const double clock_ratio = local_clock > 0 && cpu.all_core_clock_hz > 0 ? local_clock / cpu.all_core_clock_hz : 1.0;
  // Memory bandwidth grows with cores until the socket's memory channels are full; cache
  // bandwidth with cores and clock. Each pass keeps the share of its bytes the caches serve
  // here (the target's caches per core are taken to be alike).
  const CpuBandwidth local(profile);
  const double memory = std::min(local.memory() / local_cores * target_cores, cpu.socket_bandwidth_bytes_per_s);
  const double cache = local.fastest() / local_cores * target_cores / clock_ratio;
  for (const auto& traffic : cpu_memory_traffic(workload, framework)) {
    const double share = local.cache_share(traffic.working_set_bytes);
    // The framework's own kernels, where slower than the triad here, are as much slower there.
    const double framework_slowdown =
        local.at(traffic.working_set_bytes) / framework_traffic_rate(traffic, local, framework);
    step.memory_seconds += traffic.bytes * (share / cache + (1 - share) / memory) * framework_slowdown;
  }
  step.memory_seconds += cold_operand_seconds(workload.gemms, local, memory);
  // Per-call framework time runs on one thread: it scales with the clock. Arithmetic scales with
  // the cores a call can use (PyTorch's chunks of elements), vector width × FMA units (FLOPs per
  // cycle per core) and the all-core clock.
  const CarriedRates carried = carry_arithmetic_rates(framework, profile, workload);
  const FrameworkSeconds framework_parts = framework_seconds(workload, carried.costs);
  step.overhead_seconds = framework_parts.calls * framework_speed_ratio(profile.cpu, framework) * clock_ratio;
  const double local_per_core = profile.cpu.fp32_flops_per_cycle_per_core * local_clock;
  const double target_per_core = cpu.fp32_flops_per_cycle_per_core * cpu.all_core_clock_hz;
  for (const auto& [kind, seconds] : framework_parts.arithmetic) {
    const auto largest = workload.framework_calls.largest_tensor.find(kind);
    const double elements = largest == workload.framework_calls.largest_tensor.end() ? 0 : largest->second;
    const double here = arithmetic_cores(elements, local_cores) * local_per_core;
    const double there = arithmetic_cores(elements, target_cores) * target_per_core;
    step.overhead_seconds += here > 0 && there > 0 ? seconds * here / there : seconds * clock_ratio;
  }
  step.seconds = step.gemm_seconds + step.memory_seconds + step.overhead_seconds;
  step.low = step.seconds * prediction::kScaledLowFactor -
             gemms.faster_units_here * (1 - 1 / prediction::kUnitChangeFactor) * prediction::kScaledLowFactor;
  step.high = step.seconds * prediction::kScaledHighFactor +
              gemms.faster_units_there * (prediction::kUnitChangeFactor - 1) * prediction::kScaledHighFactor;
  step.note = "scaled from this CPU by cores and peak";
  if (const std::string unscaled = unscaled_framework_note(profile.cpu, framework); !unscaled.empty()) {
    step.note += "; " + unscaled;
  }
  if (!gemms.unit_change_note.empty()) step.note += "; " + gemms.unit_change_note;
  return step;
}

}  // namespace advise
