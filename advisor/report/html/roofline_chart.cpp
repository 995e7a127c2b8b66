// This machine's measured roofline, with the model's GEMMs where they ran.

#include <algorithm>

#include "advisor/report/html/charts.hpp"
#include "advisor/report/html/svg.hpp"
#include "advisor/report/roofline.hpp"

namespace advise {
namespace {

std::string roof(const svg::LogAxis& x, const svg::LogAxis& y, double peak, double bandwidth,
                 const std::string& dtype) {
  const double ridge = peak / bandwidth;
  const std::string title = dtype + " roof: memory " + svg::number(bandwidth / 1e9) + " GB/s (triad) up to " +
                            svg::number(ridge) + " FLOP/byte, then the measured peak " + format_flop_rate(peak);
  return "<path class=\"roof " + dtype + "\" d=\"M" + svg::number(x.at(x.lo)) + " " +
         svg::number(y.at(x.lo * bandwidth)) + " L" + svg::number(x.at(ridge)) + " " + svg::number(y.at(peak)) + " L" +
         svg::number(x.at(x.hi)) + " " + svg::number(y.at(peak)) + "\"><title>" + svg::escape(title) +
         "</title></path>\n";
}

}  // namespace

std::string roofline_chart(const Advice& advice) {
  const MachineProfile& profile = advice.profile;
  const double bandwidth = profile.bandwidth.bytes_per_s_median;
  const double peak32 = profile.cpu.peak_for("fp32");
  const double peak16 = profile.cpu.peak_for("bf16");
  if (!(bandwidth > 0) || !(peak32 > 0)) return "<p class=\"empty\">No measured roofline.</p>\n";
  double min_i = 0.1, max_i = std::max(peak16, peak32) / bandwidth * 10;
  double min_rate = bandwidth * min_i, max_rate = std::max(peak16, peak32);
  for (const Measurement& m : profile.gemms) {
    if (m.status != ProbeStatus::ok || !(m.flops_per_s() > 0)) continue;
    min_i = std::min(min_i, arithmetic_intensity(m.probed)), max_i = std::max(max_i, arithmetic_intensity(m.probed));
    min_rate = std::min(min_rate, m.flops_per_s()), max_rate = std::max(max_rate, m.flops_per_s());
  }
  const svg::Frame frame{720, 420, 96};
  const svg::LogAxis x = svg::log_axis(min_i, max_i, frame.left, frame.plot_right());
  const svg::LogAxis y = svg::log_axis(min_rate, max_rate * 1.5, frame.plot_bottom(), frame.top);
  std::string out = svg::open(frame, "chart roofline", "This machine's measured roofline and the model's GEMMs");
  out += svg::log_log_axes(
      frame, x, y,
      [](double v) { return v >= 1 ? svg::number(v).substr(0, svg::number(v).size() - 2) : svg::number(v); },
      [](double rate) { return svg::number(rate / 1e9).substr(0, svg::number(rate / 1e9).size() - 2); },
      "arithmetic intensity, FLOP per byte moved (log)", "achieved GFLOP/s (log)");
  if (peak16 > 0 && peak16 != peak32) out += roof(x, y, peak16, bandwidth, "bf16");
  out += roof(x, y, peak32, bandwidth, "fp32");
  for (const Measurement& m : profile.gemms) {
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

}  // namespace advise
