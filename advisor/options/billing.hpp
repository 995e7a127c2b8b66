#pragma once
// What a run costs: cloud time billed in whole units with a minimum, spot runs
// with their interruptions, local hardware by the hour it runs.

#include <cstdint>

#include "advisor/options/option.hpp"
#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"

namespace advise {

// Billed cost of `seconds` of use at `usd_per_hour` in whole billing units, with a minimum.
double billed_usd(double seconds, double usd_per_hour, std::int64_t billing_seconds,
                  std::int64_t minimum_billed_seconds);

// Expected wall time of `seconds` of training on spot capacity: each
// interruption loses half a checkpoint interval of work plus the restart.
double spot_expected_seconds(double seconds, const PredictionConstants& constants);

// Training seconds of one run at `step_seconds` a step.
double run_seconds_for(const Workload& workload, double step_seconds);

// Epoch and run times from the option's step time.
void fill_times(Option& option, const Workload& workload);

// A local device costs its hourly rate for exactly the time it runs.
void fill_local_costs(Option& option, const Workload& workload);

// A cloud run is billed on its own: training (spot: with its interruptions), plus set-up,
// rounded to the instance's billing unit.
void fill_cloud_costs(Option& option, const Instance& instance, const Workload& workload, double setup_seconds,
                      const PredictionConstants& constants);

// The most training seconds one run can take and cost no more than `usd` (0: not even
// the set-up and billing minimum fit).
double affordable_training_seconds(const Option& option, double usd);

// `runs` runs of the option, each timed and billed as one: their total time and cost.
void fill_totals(Option& option, std::int64_t runs);

}  // namespace advise
