#include "machine_probe.hpp"

#include <algorithm>
#include <sstream>

#include "cpu_info.hpp"
#include "cpu_probe.hpp"
#include "gpu_probe.hpp"
#include "triad_probe.hpp"

namespace advise {
namespace {

// 3 arrays of 16 Mi doubles (384 MiB in all): far beyond any last-level cache.
constexpr std::int64_t kTriadElements = 16LL << 20;

std::string describe(const GemmShape& shape) {
  std::ostringstream text;
  text << shape.m << "x" << shape.n << "x" << shape.k;
  return text.str();
}

}  // namespace

MachineProfile probe_machine(const std::vector<GemmShape>& shapes, const std::vector<double>& weights,
                             const MachineProbeSettings& settings, const ProbeProgress& progress) {
  const auto report = [&](const std::string& line) {
    if (progress) progress(line);
  };
  MachineProfile profile;
  const int threads = set_cpu_threads(settings.threads);

  report("measuring CPU clock and FMA peak");
  profile.cpu = discover_cpu(threads);

  report("measuring memory bandwidth");
  profile.bandwidth = probe_triad(kTriadElements, kBandwidthProbeSeconds);

  report("measuring a 2048x2048x2048 fp32 GEMM");
  profile.reference_gemm = probe_cpu_gemm({2048, 2048, 2048, false, false, "fp32"}, kReferenceGemmSeconds);

  const double shapes_budget =
      std::max(0.0, settings.probe_seconds - kBandwidthProbeSeconds - kReferenceGemmSeconds);
  const std::vector<double> budgets = split_budget(weights, shapes_budget, kMinShapeSeconds);
  CpuProbeOptions options;
  options.limits = settings.limits;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    report("measuring GEMM " + std::to_string(i + 1) + "/" + std::to_string(shapes.size()) + " (" +
           describe(shapes[i]) + ")");
    profile.gemms.push_back(probe_cpu_gemm(shapes[i], budgets[i], options));
  }

  profile.gpu = settings.probe_gpu ? gpu_availability() : GpuAvailability{false, "GPU probing turned off (--no-gpu)"};
  return profile;
}

}  // namespace advise
