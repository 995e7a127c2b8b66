#pragma once
// Small pieces the report's SVG charts share: escaping, log axes, one chart frame.

#include <functional>
#include <string>
#include <vector>

namespace advise::svg {

std::string escape(const std::string& text);  // for text and attribute values
std::string number(double value);             // coordinates: "%.1f"

// A log10 axis from lo to hi (widened to whole decades) onto pixels from first to last.
struct LogAxis {
  double lo = 1;
  double hi = 10;
  double first = 0;
  double last = 1;
  std::vector<double> tick_values;  // where to put ticks; empty: every decade
  double at(double value) const;
  std::vector<double> ticks() const;  // tick_values within [lo, hi], or the decades
};
LogAxis log_axis(double min_value, double max_value, double first_pixel, double last_pixel);

// A log axis of durations: its ticks at 1 ms, 1 s, 1 min, 1 h, 1 day, 1 week, 30 days, 1 year...
LogAxis duration_axis(double min_seconds, double max_seconds, double first_pixel, double last_pixel);
std::string duration_tick(double seconds);  // "1 min", "1 h", "30 d"
std::string usd_tick(double usd);           // "$0.01", "$10", "$1000"

struct Frame {
  double width = 640;
  double height = 400;
  double left = 78;
  double right = 20;
  double top = 16;
  double bottom = 52;
  double plot_right() const { return width - right; }
  double plot_bottom() const { return height - bottom; }
};

// <svg> with a viewBox that scales to the page's width, and a title for screen readers.
std::string open(const Frame& frame, const std::string& css_class, const std::string& title);

// Grid lines, tick labels and axis names of a log-log chart.
std::string log_log_axes(const Frame& frame, const LogAxis& x, const LogAxis& y,
                         const std::function<std::string(double)>& x_label,
                         const std::function<std::string(double)>& y_label, const std::string& x_name,
                         const std::string& y_name);

}  // namespace advise::svg
