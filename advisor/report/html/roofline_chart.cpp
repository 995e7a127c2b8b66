// A measured roofline, this CPU's or this machine's GPU's, with the model's GEMMs where they ran.

#include <algorithm>
#include <map>
#include <vector>

#include "advisor/report/html/charts.hpp"
#include "advisor/report/html/svg.hpp"
#include "advisor/report/roofline.hpp"

namespace advise {
namespace {

// One device's roofline: its roofs (lowest peak last, drawn on top) and the GEMMs timed on it.
struct Roofline {
  std::string device;                                 // "This machine's" or "This machine's GPU's"
  std::vector<std::pair<std::string, double>> roofs;  // precision and peak
  double bandwidth = 0;
  const std::vector<Measurement>* gemms = nullptr;
  double rate_unit = 1e9;                             // the y axis in GFLOP/s, or TFLOP/s for a GPU
  std::string rate_label = "GFLOP/s";
  std::string peak_kind = "the measured peak";        // a GPU's: its datasheet's, or SMs x clock
};

std::string roof(const svg::LogAxis& x, const svg::LogAxis& y, double peak, double bandwidth,
                 const std::string& dtype, const std::string& peak_kind) {
  const double ridge = peak / bandwidth;
  const std::string title = dtype + " roof: memory " + svg::number(bandwidth / 1e9) + " GB/s (triad) up to " +
                            svg::number(ridge) + " FLOP/byte, then " + peak_kind + " " + format_flop_rate(peak);
  return "<path class=\"roof " + dtype + "\" d=\"M" + svg::number(x.at(x.lo)) + " " +
         svg::number(y.at(x.lo * bandwidth)) + " L" + svg::number(x.at(ridge)) + " " + svg::number(y.at(peak)) + " L" +
         svg::number(x.at(x.hi)) + " " + svg::number(y.at(peak)) + "\"><title>" + svg::escape(title) +
         "</title></path>\n";
}

// "12", not "12.0": a whole axis label.
std::string whole(double v) { return v >= 1 ? svg::number(v).substr(0, svg::number(v).size() - 2) : svg::number(v); }

std::string roofline_svg(const Roofline& roofline) {
  double highest = 0;
  for (const auto& [dtype, peak] : roofline.roofs) highest = std::max(highest, peak);
  const double bandwidth = roofline.bandwidth;
  double min_i = 0.1, max_i = highest / bandwidth * 10;
  double min_rate = bandwidth * min_i, max_rate = highest;
  for (const Measurement& m : *roofline.gemms) {
    if (m.status != ProbeStatus::ok || !(m.flops_per_s() > 0)) continue;
    min_i = std::min(min_i, arithmetic_intensity(m.probed)), max_i = std::max(max_i, arithmetic_intensity(m.probed));
    min_rate = std::min(min_rate, m.flops_per_s()), max_rate = std::max(max_rate, m.flops_per_s());
  }
  const svg::Frame frame{720, 420, 96};
  const svg::LogAxis x = svg::log_axis(min_i, max_i, frame.left, frame.plot_right());
  const svg::LogAxis y = svg::log_axis(min_rate, max_rate * 1.5, frame.plot_bottom(), frame.top);
  std::string out = svg::open(frame, "chart roofline", roofline.device + " measured roofline and the model's GEMMs");
  const double unit = roofline.rate_unit;
  out += svg::log_log_axes(
      frame, x, y, whole, [unit](double rate) { return whole(rate / unit); },
      "arithmetic intensity, FLOP per byte moved (log)", "achieved " + roofline.rate_label + " (log)");
  for (const auto& [dtype, peak] : roofline.roofs) out += roof(x, y, peak, bandwidth, dtype, roofline.peak_kind);
  for (const Measurement& m : *roofline.gemms) {
    if (m.status != ProbeStatus::ok || !(m.flops_per_s() > 0)) continue;
    const double intensity = arithmetic_intensity(m.probed);
    const std::string title = std::to_string(m.shape.m) + "x" + std::to_string(m.shape.n) + "x" +
                              std::to_string(m.shape.k) + " " + m.probed.dtype + " (" + m.library +
                              "): " + format_flop_rate(m.flops_per_s()) + " at " + svg::number(intensity) +
                              " FLOP/byte";
    out += "<g class=\"gemm " + svg::escape(m.probed.dtype) + "\"><title>" + svg::escape(title) +
           "</title><circle cx=\"" + svg::number(x.at(intensity)) + "\" cy=\"" + svg::number(y.at(m.flops_per_s())) +
           "\" r=\"5\"/></g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace

std::string roofline_chart(const Advice& advice) {
  const MachineProfile& profile = advice.profile;
  Roofline roofline;
  roofline.device = "This machine's";
  roofline.bandwidth = profile.bandwidth.bytes_per_s_median;
  const double peak32 = profile.cpu.peak_for("fp32");
  const double peak16 = profile.cpu.peak_for("bf16");
  if (!(roofline.bandwidth > 0) || !(peak32 > 0)) return "<p class=\"empty\">No measured roofline.</p>\n";
  if (peak16 > 0 && peak16 != peak32) roofline.roofs.push_back({"bf16", peak16});
  roofline.roofs.push_back({"fp32", peak32});
  roofline.gemms = &profile.gemms;
  return roofline_svg(roofline);
}

std::string gpu_roofline_chart(const Advice& advice) {
  const MachineProfile& profile = advice.profile;
  if (!profile.gpu.available || !(profile.gpu_facts.bandwidth_bytes_per_s > 0)) return "";
  Roofline roofline;
  roofline.device = "This machine's GPU's";
  roofline.bandwidth = profile.gpu_facts.bandwidth_bytes_per_s;
  // Highest first; a precision whose peak another already draws is left out (bf16 = fp16).
  for (const char* dtype : {"fp16", "bf16", "tf32", "fp32"}) {
    const auto peak = profile.gpu_facts.peak_flops.find(dtype);
    if (peak == profile.gpu_facts.peak_flops.end() || !(peak->second > 0)) continue;
    const bool drawn = std::any_of(roofline.roofs.begin(), roofline.roofs.end(),
                                   [&](const auto& roof) { return roof.second == peak->second; });
    if (!drawn) roofline.roofs.push_back({dtype, peak->second});
  }
  if (roofline.roofs.empty()) return "";
  roofline.gemms = &profile.gpu_gemms;
  roofline.rate_unit = 1e12;
  roofline.rate_label = "TFLOP/s";
  roofline.peak_kind = "the dense peak";
  return roofline_svg(roofline);
}

}  // namespace advise
