#include "advisor/report/roofline.hpp"

#include "probes/probe_results.hpp"

#include <cstdio>
#include <sstream>

#include "advisor/options/format.hpp"
#include "advisor/report/advice_json.hpp"
#include "advisor/report/machine_json.hpp"
#include "advisor/report/roofline_gpu.hpp"
#include "advisor/report/text_table.hpp"

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

TextTable gemm_roofline_columns(const std::string& rate_unit) {
  TextTable table;
  table.columns = {{"M x N x K", false, 9}, {"layout", false, 3}, {"dtype", false, 8}, {"FLOP/byte", true, 6},
                   {rate_unit, true, 9},    {"%peak", true, 7},   {"bound", false, 5}, {"library", false, 4}};
  return table;
}

std::vector<std::string> gemm_shape_cells(const Measurement& m) {
  char intensity[32];
  std::snprintf(intensity, sizeof intensity, "%.1f", arithmetic_intensity(m.probed));
  return {std::to_string(m.shape.m) + "x" + std::to_string(m.shape.n) + "x" + std::to_string(m.shape.k),
          std::string(m.shape.a_transposed ? "T" : "N") + (m.shape.b_transposed ? "T" : "N"), m.probed.dtype,
          intensity};
}

namespace {

void write_roofline_facts(std::ostream& out, const MachineProfile& profile) {
  const CpuFacts& cpu = profile.cpu;
  char line[512];
  out << "This machine: " << cpu.name << ", " << cpu.cores << " cores / " << cpu.threads << " threads ("
      << cpu.threads_used << " used), oneDNN ISA " << cpu.isa << "\n";
  std::snprintf(line, sizeof line,
                "Roofline: clock %.2f GHz; peak %s fp32 (ISA estimate %s), %s bf16 (ISA estimate %s);\n"
                "          memory bandwidth %.1f GB/s (triad); ridge point %.1f FLOP/byte fp32, %.1f bf16\n",
                cpu.clock_hz / 1e9, format_flop_rate(cpu.peak_for("fp32")).c_str(),
                format_flop_rate(cpu.isa_peak_flops.count("fp32") ? cpu.isa_peak_flops.at("fp32") : 0.0).c_str(),
                format_flop_rate(cpu.peak_for("bf16")).c_str(),
                format_flop_rate(cpu.isa_peak_flops.count("bf16") ? cpu.isa_peak_flops.at("bf16") : 0.0).c_str(),
                profile.bandwidth.bytes_per_s_median / 1e9, ridge_point(profile, "fp32"), ridge_point(profile, "bf16"));
  out << line;
}

// Each measured GEMM as a point under the roofline: its intensity, its rate, which roof bounds it.
TextTable gemm_roofline_table(const MachineProfile& profile) {
  TextTable table = gemm_roofline_columns("GFLOP/s");
  char text[64];
  for (const Measurement& m : profile.gemms) {
    const double intensity = arithmetic_intensity(m.probed);
    const double peak = profile.cpu.peak_for(m.probed.dtype);
    TableRow row;
    row.cells = gemm_shape_cells(m);
    std::snprintf(text, sizeof text, "%.1f", m.flops_per_s() / 1e9);
    row.cells.push_back(text);
    std::snprintf(text, sizeof text, "%.0f%%", 100 * m.flops_per_s() / peak);
    row.cells.push_back(text);
    row.cells.push_back(intensity < ridge_point(profile, m.probed.dtype) ? "memory" : "compute");
    row.cells.push_back(m.library + (m.cached ? " (cached)" : ""));
    row.tail = m.reason;
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace

void write_roofline_table(std::ostream& out, const MachineProfile& profile, const TerminalStyle& style) {
  write_roofline_facts(out, profile);
  out << "\nMeasured GEMMs (each result verified):\n";
  write_terminal_table(out, gemm_roofline_table(profile), style);
  out << "(bound: which roof limits a GEMM of that intensity on this machine)\n";
  write_convolution_rows(out, profile);
  write_arithmetic_rows(out, profile);
  out << "\n";
  write_gpu_roofline_facts(out, profile);
  if (!profile.gpu_gemms.empty() && profile.gpu.available) {
    out << "\nMeasured GEMMs on the GPU (cuBLASLt, each result verified):\n";
    write_terminal_table(out, gpu_gemm_roofline_table(profile), style);
  }
}

void write_roofline_markdown(std::ostream& out, const MachineProfile& profile) {
  out << "# advise probe: " << profile.cpu.name << "\n\n```text\n";
  write_roofline_facts(out, profile);
  out << "```\n\n## Measured GEMMs\n\nEach result verified; bound: which roof limits a GEMM of that intensity "
         "on this machine.\n\n";
  write_markdown_table(out, gemm_roofline_table(profile));
  std::ostringstream more;
  write_convolution_rows(more, profile);
  write_arithmetic_rows(more, profile);
  if (!more.str().empty()) out << "\n## Convolutions and arithmetic\n\n```text" << more.str() << "```\n";
  out << "\n## GPU\n\n```text\n";
  write_gpu_roofline_facts(out, profile);
  out << "```\n";
  if (!profile.gpu_gemms.empty() && profile.gpu.available) {
    out << "\nMeasured GEMMs on the GPU (cuBLASLt), each result verified.\n\n";
    write_markdown_table(out, gpu_gemm_roofline_table(profile));
  }
}

void write_roofline_csv(std::ostream& out, const MachineProfile& profile) {
  write_json_rows_csv(out, probes_json(profile, [](const GemmShape&) -> std::int64_t { return 1; }));
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
