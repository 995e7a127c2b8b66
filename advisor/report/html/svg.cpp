#include "advisor/report/html/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace advise::svg {

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

double LogAxis::at(double value) const {
  const double clamped = std::min(std::max(value, lo), hi);
  return first + (last - first) * (std::log10(clamped) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
}

std::vector<double> LogAxis::ticks() const {
  std::vector<double> ticks;
  if (tick_values.empty()) {
    for (double tick = lo; tick <= hi * 1.0001; tick *= 10) ticks.push_back(tick);
  }
  for (const double tick : tick_values) {
    if (tick >= lo * 0.9999 && tick <= hi * 1.0001) ticks.push_back(tick);
  }
  return ticks;
}

LogAxis duration_axis(double min_seconds, double max_seconds, double first_pixel, double last_pixel) {
  LogAxis axis = log_axis(min_seconds, max_seconds, first_pixel, last_pixel);
  axis.lo = std::max(min_seconds / 1.6, 1e-9);  // a margin, not whole decades: the ticks are units
  axis.hi = std::max(max_seconds * 1.6, axis.lo * 10);
  axis.tick_values = {1e-6, 1e-3, 1, 60, 3600, 86400, 7 * 86400, 30 * 86400, 365.25 * 86400, 3652.5 * 86400};
  return axis;
}

std::string duration_tick(double seconds) {
  if (seconds < 1e-3) return "1 \u00b5s";
  if (seconds < 1) return "1 ms";
  if (seconds < 60) return "1 s";
  if (seconds < 3600) return "1 min";
  if (seconds < 86400) return "1 h";
  if (seconds < 7 * 86400) return "1 day";
  if (seconds < 30 * 86400) return "1 week";
  if (seconds < 365 * 86400) return "30 days";
  if (seconds < 3652 * 86400) return "1 year";
  return "10 years";
}

std::string usd_tick(double usd) {
  char text[32];
  std::snprintf(text, sizeof text, usd < 1 ? "$%.2g" : "$%.0f", usd);
  return text;
}

LogAxis log_axis(double min_value, double max_value, double first_pixel, double last_pixel) {
  if (!(min_value > 0)) min_value = max_value > 0 ? max_value / 10 : 1;
  if (!(max_value >= min_value)) max_value = min_value;
  LogAxis axis;
  axis.lo = std::pow(10, std::floor(std::log10(min_value)));
  axis.hi = std::pow(10, std::ceil(std::log10(max_value)));
  if (axis.hi <= axis.lo) axis.hi = axis.lo * 10;
  axis.first = first_pixel;
  axis.last = last_pixel;
  return axis;
}

std::string open(const Frame& frame, const std::string& css_class, const std::string& title) {
  return "<svg class=\"" + css_class + "\" viewBox=\"0 0 " + number(frame.width) + " " + number(frame.height) +
         "\" role=\"img\"><title>" + escape(title) + "</title>\n";
}

std::string log_log_axes(const Frame& frame, const LogAxis& x, const LogAxis& y,
                         const std::function<std::string(double)>& x_label,
                         const std::function<std::string(double)>& y_label, const std::string& x_name,
                         const std::string& y_name) {
  std::string out = "<g class=\"axes\">\n";
  for (const double tick : x.ticks()) {
    const std::string px = number(x.at(tick));
    out += "<line class=\"grid\" x1=\"" + px + "\" x2=\"" + px + "\" y1=\"" + number(frame.top) + "\" y2=\"" +
           number(frame.plot_bottom()) + "\"/>";
    out += "<text class=\"tick\" x=\"" + px + "\" y=\"" + number(frame.plot_bottom() + 16) +
           "\" text-anchor=\"middle\">" + escape(x_label(tick)) + "</text>\n";
  }
  for (const double tick : y.ticks()) {
    const std::string py = number(y.at(tick));
    out += "<line class=\"grid\" x1=\"" + number(frame.left) + "\" x2=\"" + number(frame.plot_right()) + "\" y1=\"" +
           py + "\" y2=\"" + py + "\"/>";
    out += "<text class=\"tick\" x=\"" + number(frame.left - 6) + "\" y=\"" + py +
           "\" text-anchor=\"end\" dominant-baseline=\"middle\">" + escape(y_label(tick)) + "</text>\n";
  }
  out += "<rect class=\"plot\" x=\"" + number(frame.left) + "\" y=\"" + number(frame.top) + "\" width=\"" +
         number(frame.plot_right() - frame.left) + "\" height=\"" + number(frame.plot_bottom() - frame.top) + "\"/>\n";
  out += "<text class=\"axis-name\" x=\"" + number((frame.left + frame.plot_right()) / 2) + "\" y=\"" +
         number(frame.height - 8) + "\" text-anchor=\"middle\">" + escape(x_name) + "</text>\n";
  out += "<text class=\"axis-name\" transform=\"translate(14 " + number((frame.top + frame.plot_bottom()) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(y_name) + "</text>\n</g>\n";
  return out;
}

}  // namespace advise::svg
