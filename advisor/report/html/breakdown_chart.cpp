// Where a step's time goes, by kind of work, on this CPU and on the chosen device.

#include <cmath>
#include <cstdio>

#include "advisor/report/html/charts.hpp"
#include "advisor/report/html/svg.hpp"
#include "advisor/report/options_table.hpp"

namespace advise {
namespace {

struct Part {
  std::string name;
  std::string css;
  double seconds = 0;
};

// Parts that add up to the step. A CPU's step is their sum; a GPU's runs the kernels behind
// their launches (the launch time is a floor, not an addition), shares the work between its
// GPUs, and adds the part of the all-reduce the backward pass does not hide.
std::vector<Part> step_parts(const StepEstimate& step, std::int64_t devices) {
  const double sum = step.gemm_seconds + step.memory_seconds + step.overhead_seconds;
  if (std::abs(sum - step.seconds) <= 1e-9 * std::max(1.0, step.seconds)) {
    return {{"GEMMs and convolutions", "gemm", step.gemm_seconds},
            {"memory-bound passes", "memory", step.memory_seconds},
            {"framework per-operation time", "overhead", step.overhead_seconds}};
  }
  const double gemm = step.gemm_seconds / static_cast<double>(devices);
  const double memory = step.memory_seconds / static_cast<double>(devices);
  if (step.overhead_seconds >= step.seconds * (1 - 1e-9) && step.overhead_seconds >= gemm + memory) {
    return {{"kernel launches (they bound the step)", "overhead", step.seconds}};
  }
  std::vector<Part> parts = {{"GEMMs and convolutions", "gemm", gemm}, {"memory-bound passes", "memory", memory}};
  const double exposed = step.seconds - gemm - memory;
  if (exposed > 1e-12 * step.seconds)
    parts.push_back({"all-reduce not hidden by the backward pass", "allreduce", exposed});
  return parts;
}

std::string bar(const Option& option, const std::string& heading, double y, const svg::Frame& frame) {
  const double width = frame.plot_right() - frame.left;
  std::string out =
      "<text class=\"bar-heading\" x=\"" + svg::number(frame.left) + "\" y=\"" + svg::number(y - 8) + "\">" +
      svg::escape(heading + (heading == option_label(option) ? "" : ": " + option_label(option)) + ", step " +
                  format_duration(option.step.seconds) + " (" + to_string(option.step.source) + ")") +
      "</text>\n";
  double x = frame.left;
  for (const Part& part : step_parts(option.step, option.device_count)) {
    if (!(part.seconds > 0) || !(option.step.seconds > 0)) continue;
    const double share = part.seconds / option.step.seconds;
    const double length = width * share;
    char percent[16];
    std::snprintf(percent, sizeof percent, "%.0f%%", 100 * share);
    out += "<g class=\"part " + part.css + "\"><title>" +
           svg::escape(part.name + ": " + format_duration(part.seconds) + ", " + percent + " of the step") + "</title>";
    out += "<rect x=\"" + svg::number(x) + "\" y=\"" + svg::number(y) + "\" width=\"" + svg::number(length) +
           "\" height=\"28\"/>";
    if (length > 44) {
      out += "<text class=\"in-bar\" x=\"" + svg::number(x + 5) + "\" y=\"" + svg::number(y + 18) + "\">" + percent +
             "</text>";
    }
    out += "</g>\n";
    x += length;
  }
  return out;
}

// In the page, not the drawing, so that it wraps on a narrow screen.
std::string legend() {
  const std::vector<Part> kinds = {{"GEMMs and convolutions", "gemm"},
                                   {"memory-bound passes", "memory"},
                                   {"framework / kernel launches", "overhead"},
                                   {"all-reduce not hidden", "allreduce"}};
  std::string out = "<p class=\"legend\">";
  for (const Part& kind : kinds) out += "<span><i class=\"swatch " + kind.css + "\"></i>" + kind.name + "</span>";
  return out + "</p>\n";
}

}  // namespace

std::string step_breakdown_bars(const Advice& advice) {
  const Decision& decision = advice.decision;
  std::vector<std::pair<std::string, const Option*>> bars;
  for (const Option& option : decision.ranked) {
    if (option.kind == OptionKind::this_cpu && option.step.seconds > 0) bars.push_back({"this CPU", &option});
  }
  if (decision.recommendation.option) {
    const Option& chosen = decision.ranked[*decision.recommendation.option];
    if (chosen.kind != OptionKind::this_cpu) bars.push_back({"recommended", &chosen});
  }
  if (bars.empty()) return "<p class=\"empty\">No step time to break down.</p>\n";
  svg::Frame frame{720, 24 + 64 * static_cast<double>(bars.size()), 16, 16, 10, 10};
  std::string out = svg::open(frame, "chart bars", "Step time by kind of work, each bar its own step (100%)");
  for (std::size_t i = 0; i < bars.size(); ++i) {
    out += bar(*bars[i].second, bars[i].first, 34 + 64 * static_cast<double>(i), frame);
  }
  return out + "</svg>\n" + legend();
}

}  // namespace advise
