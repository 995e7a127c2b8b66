#include "plausibility.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace advise {

std::string implausible_times(const std::vector<double>& seconds_per_call, double flops, double peak_flops,
                              const std::string& who) {
  if (seconds_per_call.empty()) return who + " reported no time";
  for (const double seconds : seconds_per_call) {
    if (!std::isfinite(seconds) || seconds <= 0) {
      char text[64];
      std::snprintf(text, sizeof text, "%g", seconds);
      return who + " reported an absurd time (" + text + " s a call)";
    }
  }
  const double fastest = *std::min_element(seconds_per_call.begin(), seconds_per_call.end());
  if (peak_flops > 0 && flops / fastest > kPlausiblePeakFactor * peak_flops) {
    char text[160];
    std::snprintf(text, sizeof text, "%.3g GFLOP/s, above the peak of %.3g GFLOP/s", flops / fastest / 1e9,
                  peak_flops / 1e9);
    return who + " reported an absurd time: " + text;
  }
  return "";
}

}  // namespace advise
