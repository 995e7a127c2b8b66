#pragma once
// The order in which a probe session measures its pending GEMMs and convolution
// passes (heaviest first, so that a budget running out leaves the light ones),
// each one's share of the budget, and what the session has spent of it.

#include <chrono>
#include <cstddef>
#include <vector>

namespace advise {

// The session (fixed probes and pending work) ends by --probe-seconds times this: a piece of
// work is measured only while it can finish by then, judged by the pieces before it.
constexpr double kBudgetSlack = 1.15;

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
  using Clock = std::chrono::steady_clock;
  ShapeBudget() = default;
  explicit ShapeBudget(Clock::time_point deadline) : deadline_(deadline) {}

  // After one probe started at `started` took `samples` of `seconds_per_call`: the wall time,
  // or what the timer says the samples took when that is more (a stand-in timer in tests).
  void charge(Clock::time_point started, int samples, double seconds_per_call);
  // Whether the next piece cannot finish by the deadline, at the mean time of the pieces so
  // far; never before the first piece.
  bool exhausted() const;

 private:
  Clock::time_point deadline_ = Clock::time_point::max();
  double spent_s_ = 0;  // by the pieces measured so far
  double extra_s_ = 0;  // of that, what a stand-in timer reported beyond the wall time
  int pieces_ = 0;
};

}  // namespace advise
