#pragma once
// A stand-in for a probe's timer: runs the work once (so there is a result to
// check) and reports the given seconds per call, so that tests check what a probe
// does with its times (cutting, scaling back) on any machine, however busy.

#include <vector>

#include "probes/timing.hpp"

namespace advise::testing {

inline Timer set_timer(std::vector<double> seconds_per_call) {
  return [seconds_per_call](const std::function<void()>& work, const TimingPlan&) {
    work();
    SteadyTiming timing;
    timing.samples = seconds_per_call;
    timing.summary = summarize(timing.samples);
    return timing;
  };
}

}  // namespace advise::testing
