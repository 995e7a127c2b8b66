#include "advisor/options/billing.hpp"

#include <algorithm>
#include <cmath>

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

void fill_times(Option& option, const Workload& workload, std::int64_t runs) {
  option.epoch_seconds = option.step.seconds * static_cast<double>(workload.steps_per_epoch);
  option.run_seconds = option.epoch_seconds * static_cast<double>(workload.epochs) * static_cast<double>(runs);
}

void fill_local_costs(Option& option, const Workload& workload, std::int64_t runs) {
  const auto cost = [&](double step_s) {
    return option.usd_per_hour * run_seconds_for(workload, step_s) / 3600.0 * static_cast<double>(runs);
  };
  option.run_usd = cost(option.step.seconds);
  option.run_usd_low = cost(option.step.low);
  option.run_usd_high = cost(option.step.high);
}

void fill_cloud_costs(Option& option, const Instance& instance, const Workload& workload, std::int64_t runs,
                      double setup_seconds, const PredictionConstants& constants) {
  fill_times(option, workload, runs);
  const bool spot = option.pricing == PricingMode::spot;
  if (spot) option.run_seconds = spot_expected_seconds(option.run_seconds, constants);
  const auto cost = [&](double step_seconds) {
    double seconds = run_seconds_for(workload, step_seconds);
    if (spot) seconds = spot_expected_seconds(seconds, constants);
    return static_cast<double>(runs) * billed_usd(seconds + setup_seconds, option.usd_per_hour,
                                                  instance.billing_seconds, instance.minimum_billed_seconds);
  };
  option.run_usd = cost(option.step.seconds);
  option.run_usd_low = cost(option.step.low);
  option.run_usd_high = cost(option.step.high);
}

}  // namespace advise
