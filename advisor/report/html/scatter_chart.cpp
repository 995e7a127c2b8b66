// Time per run against cost per run: the one picture of the decision.

#include <algorithm>

#include "advisor/report/html/charts.hpp"
#include "advisor/report/html/svg.hpp"
#include "advisor/report/options_table.hpp"

namespace advise {
namespace {

struct Point {
  const Option* option = nullptr;
  double seconds = 0, seconds_low = 0, seconds_high = 0;
  double usd = 0, usd_low = 0, usd_high = 0;
  bool chosen = false;
  bool on_front = false;
};

std::vector<Point> feasible_points(const Decision& decision) {
  std::vector<Point> points;
  for (std::size_t i = 0; i < decision.ranked.size(); ++i) {
    const Option& option = decision.ranked[i];
    if (!option.feasible || !option.left_out_reason.empty() || !(option.run_seconds > 0) || !(option.run_usd > 0)) {
      continue;
    }
    const double per_step = option.step.seconds > 0 ? option.run_seconds / option.step.seconds : 0;
    Point point{&option,        option.run_seconds, option.step.low * per_step, option.step.high * per_step,
                option.run_usd, option.run_usd_low, option.run_usd_high};
    point.chosen = decision.recommendation.option && *decision.recommendation.option == i;
    points.push_back(point);
  }
  return points;
}

// An option is on the front when no other is both faster and cheaper.
void mark_front(std::vector<Point>& points) {
  std::vector<Point*> by_time;
  for (Point& point : points) by_time.push_back(&point);
  std::sort(by_time.begin(), by_time.end(), [](const Point* a, const Point* b) {
    return a->seconds != b->seconds ? a->seconds < b->seconds : a->usd < b->usd;
  });
  double cheapest = 0;
  for (Point* point : by_time) {
    if (cheapest == 0 || point->usd < cheapest) {
      point->on_front = true;
      cheapest = point->usd;
    }
  }
}

std::string front_path(const std::vector<Point>& points, const svg::LogAxis& x, const svg::LogAxis& y) {
  std::vector<const Point*> front;
  for (const Point& point : points) {
    if (point.on_front) front.push_back(&point);
  }
  std::sort(front.begin(), front.end(), [](const Point* a, const Point* b) { return a->seconds < b->seconds; });
  std::string path;
  for (std::size_t i = 0; i < front.size(); ++i) {
    const std::string px = svg::number(x.at(front[i]->seconds));
    if (i > 0) path += " L" + px + " " + svg::number(y.at(front[i - 1]->usd));  // a step: cheaper only once slower
    path += (i ? " L" : "M") + px + " " + svg::number(y.at(front[i]->usd));
  }
  return path.empty() ? ""
                      : "<path class=\"front\" d=\"" + path +
                            "\"><title>cheap-and-fast front: no option is both "
                            "faster and cheaper than one on it</title></path>\n";
}

std::string point_mark(const Point& point, const svg::LogAxis& x, const svg::LogAxis& y) {
  const Option& option = *point.option;
  const std::string px = svg::number(x.at(point.seconds)), py = svg::number(y.at(point.usd));
  std::string css = "point";
  if (option.kind == OptionKind::this_cpu) css += " this-cpu";
  if (option.kind == OptionKind::this_gpu) css += " this-gpu";
  if (point.on_front) css += " on-front";
  if (point.chosen) css += " chosen";
  const std::string title = option_label(option) + (point.chosen ? " (recommended)" : "") + ": a run takes " +
                            format_duration(point.seconds) + " (" + format_duration(point.seconds_low) + " to " +
                            format_duration(point.seconds_high) + ") and costs " + format_usd(point.usd) + " (" +
                            format_usd(point.usd_low) + " to " + format_usd(point.usd_high) + "), " +
                            to_string(option.step.source);
  std::string out = "<g class=\"" + css + "\"><title>" + svg::escape(title) + "</title>";
  out += "<line class=\"band\" x1=\"" + svg::number(x.at(point.seconds_low)) + "\" x2=\"" +
         svg::number(x.at(point.seconds_high)) + "\" y1=\"" + py + "\" y2=\"" + py + "\"/>";
  out += "<line class=\"band\" x1=\"" + px + "\" x2=\"" + px + "\" y1=\"" + svg::number(y.at(point.usd_low)) +
         "\" y2=\"" + svg::number(y.at(point.usd_high)) + "\"/>";
  const bool local = option.kind == OptionKind::this_cpu || option.kind == OptionKind::this_gpu;
  out += local ? "<rect x=\"" + svg::number(x.at(point.seconds) - 6) + "\" y=\"" + svg::number(y.at(point.usd) - 6) +
                     "\" width=\"12\" height=\"12\"/>"
               : "<circle cx=\"" + px + "\" cy=\"" + py + "\" r=\"" + (point.chosen ? "8" : "4.5") + "\"/>";
  if (point.chosen || local) {  // named on the side with more room
    const std::string label = point.chosen ? "recommended" : option_label(option);
    const bool left = x.at(point.seconds) > (x.first + x.last) / 2;
    out += "<text class=\"label\" x=\"" + svg::number(x.at(point.seconds) + (left ? -11 : 11)) + "\" y=\"" +
           svg::number(y.at(point.usd) - 9) + "\" text-anchor=\"" + (left ? "end" : "start") + "\">" +
           svg::escape(label) + "</text>";
  }
  return out + "</g>\n";
}

}  // namespace

std::string cost_time_scatter(const Advice& advice) {
  std::vector<Point> points = feasible_points(advice.decision);
  if (points.empty()) return "<p class=\"empty\">No option can run this training: nothing to plot.</p>\n";
  mark_front(points);
  double min_s = points.front().seconds_low, max_s = points.front().seconds_high;
  double min_usd = points.front().usd_low, max_usd = points.front().usd_high;
  for (const Point& point : points) {
    min_s = std::min(min_s, point.seconds_low), max_s = std::max(max_s, point.seconds_high);
    min_usd = std::min(min_usd, point.usd_low), max_usd = std::max(max_usd, point.usd_high);
  }
  const svg::Frame frame{720, 440};
  const svg::LogAxis x = svg::duration_axis(min_s, max_s, frame.left, frame.plot_right());
  const svg::LogAxis y = svg::log_axis(min_usd, max_usd, frame.plot_bottom(), frame.top);
  std::string out = svg::open(frame, "chart scatter", "Time per run against cost per run, every feasible option");
  out += svg::log_log_axes(frame, x, y, svg::duration_tick, svg::usd_tick, "time per run (log)", "cost per run (log)");
  out += front_path(points, x, y);
  for (const Point& point : points) {  // the marked ones last, on top
    if (!point.chosen && point.option->kind != OptionKind::this_cpu && point.option->kind != OptionKind::this_gpu) {
      out += point_mark(point, x, y);
    }
  }
  for (const Point& point : points) {
    if (point.chosen || point.option->kind == OptionKind::this_cpu || point.option->kind == OptionKind::this_gpu) {
      out += point_mark(point, x, y);
    }
  }
  return out + "</svg>\n";
}

}  // namespace advise
