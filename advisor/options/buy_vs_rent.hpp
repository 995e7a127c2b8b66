#pragma once
// Buying a GPU against renting one: its purchase spread over its hours of use
// plus power, and the number of runs after which buying beats renting.

#include <vector>

#include "advisor/options/option.hpp"

namespace advise {

// Runs after which a GPU bought for `purchase_usd` (each run then costing
// `run_power_usd`) beats renting at `rent_run_usd` a run; infinity when never.
double breakeven_runs(double purchase_usd, double run_power_usd, double rent_run_usd);

// For each feasible purchase: its break-even against the cheapest feasible cloud option
// for the same runs, in runs, training hours and months at `hours_per_week` of use.
void fill_breakeven(std::vector<Option>& options, double hours_per_week);

}  // namespace advise
