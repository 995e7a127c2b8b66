#include "advisor/report/roofline.hpp"

#include "probes/probe_results.hpp"

#include <cstdio>
#include <sstream>

#include "advisor/report/machine_json.hpp"

namespace advise {
namespace {

std::int64_t element_bytes(const std::string& dtype) { return dtype == "bf16" || dtype == "fp16" ? 2 : 4; }

double ridge_point(const MachineProfile& profile, const std::string& dtype) {
  return profile.cpu.peak_for(dtype) / profile.bandwidth.bytes_per_s_median;
}

void write_convolution_rows(std::ostream& out, const MachineProfile& profile);
void write_arithmetic_rows(std::ostream& out, const MachineProfile& profile);

}  // namespace

double arithmetic_intensity(const GemmShape& shape) {
  const double bytes = static_cast<double>(element_bytes(shape.dtype)) *
                           (static_cast<double>(shape.m * shape.k) + static_cast<double>(shape.k * shape.n)) +
                       4.0 * static_cast<double>(shape.m * shape.n);  // C is written in fp32
  return shape.flops() / bytes;
}

void write_roofline_table(std::ostream& out, const MachineProfile& profile) {
  const CpuFacts& cpu = profile.cpu;
  char line[512];
  out << "This machine: " << cpu.name << ", " << cpu.cores << " cores / " << cpu.threads << " threads ("
      << cpu.threads_used << " used), oneDNN ISA " << cpu.isa << "\n";
  std::snprintf(line, sizeof line,
                "Roofline: clock %.2f GHz; peak %.0f GFLOP/s fp32 (ISA estimate %.0f), %.0f GFLOP/s bf16 (ISA estimate %.0f);\n"
                "          memory bandwidth %.1f GB/s (triad); ridge point %.1f FLOP/byte fp32, %.1f bf16\n",
                cpu.clock_hz / 1e9, cpu.peak_for("fp32") / 1e9, cpu.isa_peak_flops.count("fp32") ? cpu.isa_peak_flops.at("fp32") / 1e9 : 0.0,
                cpu.peak_for("bf16") / 1e9, cpu.isa_peak_flops.count("bf16") ? cpu.isa_peak_flops.at("bf16") / 1e9 : 0.0,
                profile.bandwidth.bytes_per_s_median / 1e9, ridge_point(profile, "fp32"), ridge_point(profile, "bf16"));
  out << line << "\nMeasured GEMMs (each result verified):\n";
  std::snprintf(line, sizeof line, "  %-20s %-6s %-5s %12s %10s %7s %-8s %s\n", "M x N x K", "layout", "dtype",
                "FLOP/byte", "GFLOP/s", "%peak", "bound", "library");
  out << line;
  for (const Measurement& m : profile.gemms) {
    const double intensity = arithmetic_intensity(m.probed);
    const double peak = cpu.peak_for(m.probed.dtype);
    const std::string shape = std::to_string(m.shape.m) + "x" + std::to_string(m.shape.n) + "x" + std::to_string(m.shape.k);
    const std::string layout = std::string(m.shape.a_transposed ? "T" : "N") + (m.shape.b_transposed ? "T" : "N");
    std::snprintf(line, sizeof line, "  %-20s %-6s %-5s %12.1f %10.1f %6.0f%% %-8s %s%s%s\n", shape.c_str(), layout.c_str(),
                  m.probed.dtype.c_str(), intensity, m.flops_per_s() / 1e9, 100 * m.flops_per_s() / peak,
                  intensity < ridge_point(profile, m.probed.dtype) ? "memory" : "compute", m.library.c_str(),
                  m.cached ? " (cached)" : "", m.reason.empty() ? "" : ("; " + m.reason).c_str());
    out << line;
  }
  out << "(bound: which roof limits a GEMM of that intensity on this machine)\n";
  write_convolution_rows(out, profile);
  write_arithmetic_rows(out, profile);
}

namespace {

void write_convolution_rows(std::ostream& out, const MachineProfile& profile) {
  const CpuFacts& cpu = profile.cpu;
  char line[512];
  if (profile.convolutions.empty()) return;
  out << "\nMeasured convolution passes (oneDNN primitives with the reorders from and to plain layouts, each result verified):\n";
  std::snprintf(line, sizeof line, "  %-16s %-40s %-5s %10s %10s %7s\n", "pass", "N x C x H x W -> K kernel stride pad groups",
                "dtype", "median", "GFLOP/s", "%peak");
  out << line;
  for (const ConvMeasurement& m : profile.convolutions) {
    std::ostringstream shape;
    shape << m.shape;
    const std::string text = shape.str().substr(0, shape.str().rfind(' '));  // the dtype has its own column
    const std::string dtype = m.probed_dtype.empty() ? m.shape.dtype : m.probed_dtype;
    std::snprintf(line, sizeof line, "  %-16s %-40s %-5s %8.3f ms %10.1f %6.0f%% %s%s\n", to_string(m.pass).c_str(),
                  text.c_str(), dtype.c_str(), m.seconds_median * 1e3, m.flops_per_s() / 1e9,
                  100 * m.flops_per_s() / cpu.peak_for(dtype), m.cached ? "(cached) " : "", m.reason.c_str());
    out << line;
  }
}

void write_arithmetic_rows(std::ostream& out, const MachineProfile& profile) {
  if (profile.arithmetic.empty()) return;
  char line[512];
  out << "\nMeasured arithmetic outside GEMMs (oneDNN, forward and backward, each result verified):\n";
  std::snprintf(line, sizeof line, "  %-18s %12s %12s %14s\n", "kind", "elements", "probed", "M elements/s");
  out << line;
  for (const ArithmeticMeasurement& m : profile.arithmetic) {
    std::snprintf(line, sizeof line, "  %-18s %12lld %12lld %14.0f %s%s\n", m.request.kind.c_str(),
                  static_cast<long long>(m.request.elements), static_cast<long long>(m.probed_elements),
                  m.elements_per_second / 1e6, m.cached ? "(cached) " : "", m.reason.c_str());
    out << line;
  }
}

}  // namespace

void write_roofline_json(std::ostream& out, const MachineProfile& profile) {
  const nlohmann::json document = {
      {"schema", kProbeResultsSchema},  // what `advise --probe-results` checks it reads
      {"machine", machine_json(profile)},
      {"probes", probes_json(profile, [](const GemmShape&) -> std::int64_t { return 1; })},
      {"convolution_probes", convolution_probes_json(profile, [](const ConvShape&, ConvPass) -> std::int64_t { return 1; })},
      {"roofline",
       {{"peak_flops", profile.cpu.peak_flops},
        {"bandwidth_bytes_per_s", profile.bandwidth.bytes_per_s_median},
        {"ridge_flops_per_byte", {{"fp32", ridge_point(profile, "fp32")}, {"bf16", ridge_point(profile, "bf16")}}}}}};
  out << document.dump(2) << "\n";
}

}  // namespace advise
