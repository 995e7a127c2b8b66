#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace advise {

using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

static double time_calls(const std::function<void()>& work, long calls) {
  const auto start = Clock::now();
  for (long i = 0; i < calls; ++i) work();
  return seconds_since(start);
}

double time_for_at_least(const std::function<void()>& work, double at_least_s) {
  long calls = 0;
  const auto start = Clock::now();
  do {
    work();
    ++calls;
  } while (seconds_since(start) < at_least_s);
  return seconds_since(start) / static_cast<double>(calls);
}

std::vector<double> time_per_call(const std::function<void()>& work, const TimingPlan& plan) {
  // Warm-up: first call pays JIT, page faults and thread wake-up; the second estimates the cost.
  work();
  const double one_call_s = std::max(time_calls(work, 1), 1e-9);

  const double target_sample_s =
      std::clamp(plan.budget_s / (plan.min_samples + 2), plan.min_sample_s, plan.max_sample_s);
  const long calls_per_sample = std::max(1L, std::lround(target_sample_s / one_call_s));

  std::vector<double> per_call;
  const auto start = Clock::now();
  while (static_cast<int>(per_call.size()) < plan.max_samples &&
         (static_cast<int>(per_call.size()) < plan.min_samples || seconds_since(start) < plan.budget_s)) {
    per_call.push_back(time_calls(work, calls_per_sample) / static_cast<double>(calls_per_sample));
  }
  return per_call;
}

SteadyTiming time_steadily(const std::function<void()>& work, const TimingPlan& plan) {
  // Two thirds of the budget for the samples, the rest for a second try when they spread.
  TimingPlan first = plan;
  first.budget_s = plan.budget_s * 2 / 3;
  TimingPlan retry = plan;
  retry.budget_s = plan.budget_s - first.budget_s;
  SteadyTiming timing;
  timing.samples = time_per_call(work, first);
  timing.summary = summarize(timing.samples);
  if (timing.summary.interquartile_spread() > kNoisySpread) {
    std::vector<double> again = time_per_call(work, retry);
    const SampleSummary second = summarize(again);
    if (second.interquartile_spread() < timing.summary.interquartile_spread()) {
      timing.samples = std::move(again);
      timing.summary = second;
    }
    timing.noisy = timing.summary.interquartile_spread() > kNoisySpread;
  }
  return timing;
}

SteadyTiming time_with(const Timer& timer, const std::function<void()>& work, const TimingPlan& plan) {
  return timer ? timer(work, plan) : time_steadily(work, plan);
}

std::string SteadyTiming::note() const {
  if (!noisy) return "";
  return "noisy: middle half of samples spread " +
         std::to_string(static_cast<int>(100 * summary.interquartile_spread())) + "%";
}

}  // namespace advise
