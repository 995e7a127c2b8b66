#include "advisor/report/roofline_gpu.hpp"

#include <cstdio>

#include "advisor/options/format.hpp"
#include "advisor/report/roofline.hpp"

namespace advise {
namespace {

double gpu_peak(const MachineProfile& profile, const std::string& dtype) {
  const auto found = profile.gpu_facts.peak_flops.find(dtype);
  return found != profile.gpu_facts.peak_flops.end() ? found->second : 0;
}

double gpu_ridge_point(const MachineProfile& profile, const std::string& dtype) {
  const double bandwidth = profile.gpu_facts.bandwidth_bytes_per_s;
  return bandwidth > 0 ? gpu_peak(profile, dtype) / bandwidth : 0;
}

}  // namespace

void write_gpu_roofline_facts(std::ostream& out, const MachineProfile& profile) {
  if (!profile.gpu.available) {
    out << "GPU: none: " << profile.gpu.reason << "\n";
    return;
  }
  const GpuFacts& gpu = profile.gpu_facts;
  out << "GPU: " << gpu.name << ", compute capability " << gpu.compute_major << "." << gpu.compute_minor << ", "
      << gpu.sm_count << " SMs, " << format_bytes(static_cast<double>(gpu.memory_bytes)) << "\n";
  std::string peaks, ridges;
  for (const char* dtype : {"fp32", "tf32", "bf16", "fp16"}) {
    if (gpu_peak(profile, dtype) <= 0) continue;
    char ridge[64];
    std::snprintf(ridge, sizeof ridge, "%.1f %s", gpu_ridge_point(profile, dtype), dtype);
    peaks += (peaks.empty() ? "" : ", ") + format_flop_rate(gpu_peak(profile, dtype)) + " " + dtype;
    ridges += (ridges.empty() ? "" : ", ") + std::string(ridge);
  }
  char line[160];
  std::snprintf(line, sizeof line, "%.0f GB/s", gpu.bandwidth_bytes_per_s / 1e9);
  out << "Roofline: peak " << peaks << " (dense; SMs x clock x the architecture's rate per SM);\n"
      << "          memory bandwidth " << line << " (triad); ridge point FLOP/byte " << ridges << "\n";
}

TextTable gpu_gemm_roofline_table(const MachineProfile& profile) {
  TextTable table = gemm_roofline_columns("TFLOP/s");
  if (!profile.gpu.available) return table;
  char text[64];
  for (const Measurement& m : profile.gpu_gemms) {
    const double intensity = arithmetic_intensity(m.probed);
    const double peak = gpu_peak(profile, m.probed.dtype);
    const bool measured = m.status == ProbeStatus::ok && m.seconds_median > 0;
    TableRow row;
    row.cells = gemm_shape_cells(m);
    std::snprintf(text, sizeof text, "%.2f", measured ? m.flops_per_s() / 1e12 : 0.0);
    row.cells.push_back(measured ? text : "-");
    std::snprintf(text, sizeof text, "%.0f%%", peak > 0 && measured ? 100 * m.flops_per_s() / peak : 0.0);
    row.cells.push_back(measured && peak > 0 ? text : "-");
    row.cells.push_back(intensity < gpu_ridge_point(profile, m.probed.dtype) ? "memory" : "compute");
    row.cells.push_back(m.library);
    row.tail = measured ? m.reason : to_string(m.status) + (m.reason.empty() ? "" : ": " + m.reason);
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace advise
