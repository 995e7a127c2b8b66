#include "advisor/options/billing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace advise {

double billed_usd(double seconds, double usd_per_hour, std::int64_t billing_seconds, std::int64_t minimum_billed_seconds) {
  const double unit = static_cast<double>(std::max<std::int64_t>(1, billing_seconds));
  const double billed = std::max(std::ceil(seconds / unit) * unit, static_cast<double>(minimum_billed_seconds));
  return billed / 3600.0 * usd_per_hour;
}

double spot_expected_seconds(double seconds, const PredictionConstants& constants) {
  const double interruptions = constants.spot_interruptions_per_hour * seconds / 3600.0;
  return seconds + interruptions * (constants.checkpoint_interval_seconds / 2 + constants.spot_restart_seconds);
}

double run_seconds_for(const Workload& workload, double step_seconds) {
  return step_seconds * static_cast<double>(workload.steps_per_epoch) * static_cast<double>(workload.epochs);
}

void fill_times(Option& option, const Workload& workload) {
  option.epoch_seconds = option.step.seconds * static_cast<double>(workload.steps_per_epoch);
  option.run_seconds = option.epoch_seconds * static_cast<double>(workload.epochs);
}

void fill_local_costs(Option& option, const Workload& workload) {
  const auto cost = [&](double step_s) { return option.usd_per_hour * run_seconds_for(workload, step_s) / 3600.0; };
  option.run_usd = cost(option.step.seconds);
  option.run_usd_low = cost(option.step.low);
  option.run_usd_high = cost(option.step.high);
}

void fill_cloud_costs(Option& option, const Instance& instance, const Workload& workload, double setup_seconds,
                      const PredictionConstants& constants) {
  fill_times(option, workload);
  const bool spot = option.pricing == PricingMode::spot;
  if (spot) option.run_seconds = spot_expected_seconds(option.run_seconds, constants);
  // Spot's expected time grows in proportion to the training: its stretch is one hour's.
  option.billing = {std::max<std::int64_t>(1, instance.billing_seconds), instance.minimum_billed_seconds, setup_seconds,
                    spot ? spot_expected_seconds(3600, constants) / 3600 : 1.0};
  const auto cost = [&](double step_seconds) {
    double seconds = run_seconds_for(workload, step_seconds);
    if (spot) seconds = spot_expected_seconds(seconds, constants);
    return billed_usd(seconds + setup_seconds, option.usd_per_hour, instance.billing_seconds,
                      instance.minimum_billed_seconds);
  };
  option.run_usd = cost(option.step.seconds);
  option.run_usd_low = cost(option.step.low);
  option.run_usd_high = cost(option.step.high);
}

double affordable_training_seconds(const Option& option, double usd) {
  if (option.usd_per_hour <= 0) return std::numeric_limits<double>::infinity();
  const double budget_seconds = usd * 3600.0 / option.usd_per_hour;
  const BillingTerms& terms = option.billing;
  if (terms.unit_seconds <= 0) return budget_seconds;  // local: the hourly price for the time it trains
  // Whole billing units within the budget; the minimum must fit too.
  const double unit = static_cast<double>(terms.unit_seconds);
  const double billed = std::floor(budget_seconds / unit) * unit;
  if (billed < static_cast<double>(terms.minimum_seconds)) return 0;
  return std::max(0.0, (billed - terms.setup_seconds) / terms.stretch);
}

void fill_totals(Option& option, std::int64_t runs) {
  option.runs = runs;
  option.total_seconds = option.run_seconds * static_cast<double>(runs);
  option.total_usd = option.run_usd * static_cast<double>(runs);
}

}  // namespace advise
