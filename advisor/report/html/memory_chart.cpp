// The model's memory against each device's: what fits where.

#include <algorithm>

#include "advisor/report/html/charts.hpp"
#include "advisor/report/html/svg.hpp"

namespace advise {
namespace {

struct DeviceMemory {
  std::string name;
  double available = 0;
  double needed = 0;
};

// Each distinct device (and count) once, with what the model needs on one of its devices.
std::vector<DeviceMemory> device_memories(const Decision& decision) {
  std::vector<DeviceMemory> devices;
  for (const Option& option : decision.ranked) {
    if (!option.left_out_reason.empty() || option.memory_available_bytes <= 0) continue;
    const std::string name =
        (option.device_count > 1 ? std::to_string(option.device_count) + "x " : "") + option.device;
    if (std::any_of(devices.begin(), devices.end(), [&](const DeviceMemory& d) { return d.name == name; })) continue;
    devices.push_back(
        {name, static_cast<double>(option.memory_available_bytes), static_cast<double>(option.memory_needed_bytes)});
  }
  std::sort(devices.begin(), devices.end(),
            [](const DeviceMemory& a, const DeviceMemory& b) { return a.available < b.available; });
  return devices;
}

std::string breakdown(const MemoryFootprint& memory, const svg::Frame& frame) {
  const std::vector<std::pair<std::string, double>> parts = {
      {"weights", static_cast<double>(memory.weights)},
      {"master weights", static_cast<double>(memory.master_weights)},
      {"gradients", static_cast<double>(memory.gradients)},
      {"optimizer", static_cast<double>(memory.optimizer)},
      {"activations", static_cast<double>(memory.activations)}};
  const double total = static_cast<double>(memory.total());
  std::string out = "<text class=\"bar-heading\" x=\"" + svg::number(frame.left) + "\" y=\"24\">" +
                    svg::escape("The model needs " + format_bytes(total) + " for training:") + "</text>\n";
  double x = frame.left;
  const double width = frame.plot_right() - frame.left;
  int index = 0;
  for (const auto& [name, bytes] : parts) {
    ++index;
    if (!(bytes > 0) || !(total > 0)) continue;
    const double length = width * bytes / total;
    out += "<g class=\"part mem" + std::to_string(index) + "\"><title>" +
           svg::escape(name + ": " + format_bytes(bytes)) + "</title><rect x=\"" + svg::number(x) +
           "\" y=\"32\" width=\"" + svg::number(length) + "\" height=\"24\"/>";
    if (length > 8.0 * static_cast<double>(name.size())) {
      out += "<text class=\"in-bar\" x=\"" + svg::number(x + 4) + "\" y=\"48\">" + svg::escape(name) + "</text>";
    }
    out += "</g>\n";
    x += length;
  }
  return out;
}

// "1 GiB", "100 MiB": a tick's round size.
std::string bytes_tick(double bytes) {
  const std::string text = format_bytes(bytes);  // "100.0 MiB"
  const std::size_t point = text.find(".0 ");
  return point == std::string::npos ? text : text.substr(0, point) + text.substr(point + 2);
}

}  // namespace

std::string memory_chart(const Advice& advice) {
  const std::vector<DeviceMemory> devices = device_memories(advice.decision);
  const double rows = static_cast<double>(devices.size());
  svg::Frame frame{720, 120 + 22 * rows, 200, 20, 80, 30};
  std::string out = svg::open(frame, "chart memory", "The model's memory against each device's memory");
  out += breakdown(advice.workload.memory, frame);
  double lo = static_cast<double>(advice.workload.memory.total()), hi = lo;
  for (const DeviceMemory& device : devices) {
    lo = std::min({lo, device.available, device.needed}), hi = std::max({hi, device.available, device.needed});
  }
  svg::LogAxis x = svg::log_axis(lo, hi, frame.left, frame.plot_right());
  x.tick_values.clear();
  for (const double unit : {1024.0 * 1024, 1024.0 * 1024 * 1024, 1024.0 * 1024 * 1024 * 1024}) {
    for (const double times : {1.0, 10.0, 100.0}) x.tick_values.push_back(unit * times);
  }
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const DeviceMemory& device = devices[i];
    const double y = frame.top + 22 * static_cast<double>(i);
    const bool fits = device.needed <= device.available;
    const std::string title = device.name + ": " + format_bytes(device.available) + " per device; the training needs " +
                              format_bytes(device.needed) + (fits ? " (fits)" : " (does not fit)");
    out += "<g class=\"device " + std::string(fits ? "fits" : "too-small") + "\"><title>" + svg::escape(title) +
           "</title><text class=\"tick\" x=\"" + svg::number(frame.left - 6) + "\" y=\"" + svg::number(y + 13) +
           "\" text-anchor=\"end\">" + svg::escape(device.name) + "</text><rect x=\"" + svg::number(frame.left) +
           "\" y=\"" + svg::number(y + 3) + "\" width=\"" + svg::number(x.at(device.available) - frame.left) +
           "\" height=\"14\"/><line class=\"need\" x1=\"" + svg::number(x.at(device.needed)) + "\" x2=\"" +
           svg::number(x.at(device.needed)) + "\" y1=\"" + svg::number(y) + "\" y2=\"" + svg::number(y + 20) +
           "\"/></g>\n";
  }
  for (const double tick : x.ticks()) {
    out += "<text class=\"tick\" x=\"" + svg::number(x.at(tick)) + "\" y=\"" + svg::number(frame.plot_bottom() + 18) +
           "\" text-anchor=\"middle\">" + svg::escape(bytes_tick(tick)) + "</text>\n";
  }
  return out + "</svg>\n";
}

}  // namespace advise
