#pragma once
// Times a repeatable piece of work on the CPU with a steady clock.
//
// Warm-up happens immediately before timing (a sleeping OpenMP worker takes
// milliseconds to wake). Each sample runs the work enough times to last a
// measurable while; samples continue back to back until the budget is spent.

#include <functional>
#include <string>
#include <vector>

#include "statistics.hpp"

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

// A run whose middle half of samples spreads wider than this (relative to the
// median) is measured again, and flagged noisy if it stays so.
constexpr double kNoisySpread = 0.15;

struct SteadyTiming {
  std::vector<double> samples;  // seconds per call
  SampleSummary summary;
  bool noisy = false;
  // "noisy: middle half of samples spread 23%", or "" when steady.
  std::string note() const;
};

// time_per_call on two thirds of the budget, and once more on the last third if the samples
// spread wider than kNoisySpread (a shared machine sometimes runs slowly for a while): the
// steadier of the two counts.
SteadyTiming time_steadily(const std::function<void()>& work, const TimingPlan& plan);

// How a probe times its work: time_steadily, or (in tests of what a probe does with the
// times: cutting, scaling back) a stand-in that runs the work and returns set samples.
using Timer = std::function<SteadyTiming(const std::function<void()>& work, const TimingPlan& plan)>;

// `timer`, or time_steadily when it is empty.
SteadyTiming time_with(const Timer& timer, const std::function<void()>& work, const TimingPlan& plan);

}  // namespace advise
