#pragma once
// Times a repeatable piece of work on the CPU with a steady clock.
//
// Warm-up happens immediately before timing (a sleeping OpenMP worker takes
// milliseconds to wake). Each sample runs the work enough times to last a
// measurable while; samples continue back to back until the budget is spent.

#include <functional>
#include <vector>

namespace advise {

struct TimingPlan {
  double budget_s = 0.2;       // total time to spend on samples (after warm-up)
  int min_samples = 3;
  int max_samples = 200;
  double min_sample_s = 0.002;  // a sample shorter than this is dominated by clock noise
  double max_sample_s = 0.05;
};

// Seconds per call of `work`, averaged over as many back-to-back calls as fill `at_least_s` (one at least).
double time_for_at_least(const std::function<void()>& work, double at_least_s);

// Seconds per call of `work`, one entry per sample.
std::vector<double> time_per_call(const std::function<void()>& work, const TimingPlan& plan);

}  // namespace advise
