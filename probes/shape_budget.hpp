#pragma once
// The order in which a probe session measures its pending GEMMs and convolution
// passes (heaviest first, so that a budget running out leaves the light ones),
// each one's share of the budget, and what the session has spent of it.

#include <chrono>
#include <cstddef>
#include <vector>

namespace advise {

// Shapes are measured while they have spent less than their budgets' sum times this (a
// shape's warm-up, path pilot and result check come on top of its timed samples); after
// that, the rest are estimated from their measured neighbours.
constexpr double kBudgetSlack = 2.0;

// One piece of pending work: a GEMM or a convolution pass, by index into the request.
struct PendingItem {
  bool convolution = false;
  std::size_t index = 0;
  double weight = 0;    // its share of the step's work
  double budget_s = 0;  // its share of the budget
};

// `gemms` then `convolutions` (indices into the request, `weights` in that order), the
// budget `total_s` split by weight (split_budget, kMinShapeSeconds each at least), ordered
// heaviest first; on a tie a convolution pass comes before a GEMM (it stands for its
// implicit GEMMs, and is the closer measurement).
std::vector<PendingItem> heaviest_first(const std::vector<std::size_t>& gemms, const std::vector<std::size_t>& convolutions,
                                        const std::vector<double>& weights, double total_s);

class ShapeBudget {
 public:
  ShapeBudget() = default;
  explicit ShapeBudget(const std::vector<PendingItem>& items);

  // After one probe started at `started` took `samples` of `seconds_per_call`: the wall time,
  // or what the timer says the samples took when that is more (a stand-in timer in tests).
  void charge(std::chrono::steady_clock::time_point started, int samples, double seconds_per_call);
  bool exhausted() const { return spent_s_ > allowance_s_; }
  double spent_s() const { return spent_s_; }

 private:
  double allowance_s_ = 0;
  double spent_s_ = 0;
};

}  // namespace advise
