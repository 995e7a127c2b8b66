#include "shape_budget.hpp"

#include <algorithm>
#include <cmath>

#include "machine_probe.hpp"
#include "probe_plan.hpp"

namespace advise {

std::vector<PendingItem> heaviest_first(const std::vector<std::size_t>& gemms, const std::vector<std::size_t>& convolutions,
                                        const std::vector<double>& weights, double total_s) {
  const std::vector<double> budgets = split_budget(weights, total_s, kMinShapeSeconds);
  std::vector<PendingItem> items;
  for (std::size_t j = 0; j < gemms.size(); ++j) items.push_back({false, gemms[j], weights[j], budgets[j]});
  for (std::size_t j = 0; j < convolutions.size(); ++j) {
    const std::size_t at = gemms.size() + j;
    items.push_back({true, convolutions[j], weights[at], budgets[at]});
  }
  std::stable_sort(items.begin(), items.end(), [](const PendingItem& a, const PendingItem& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.convolution && !b.convolution;
  });
  return items;
}

void ShapeBudget::charge(Clock::time_point started, int samples, double seconds_per_call) {
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();
  const double timed = std::isfinite(seconds_per_call) ? samples * seconds_per_call : 0;
  spent_s_ += std::max(wall, timed);
  extra_s_ += std::max(0.0, timed - wall);
  ++pieces_;
}

bool ShapeBudget::exhausted() const {
  if (pieces_ == 0) return false;
  const double left = std::chrono::duration<double>(deadline_ - Clock::now()).count() - extra_s_;
  return left < spent_s_ / pieces_;
}

}  // namespace advise
