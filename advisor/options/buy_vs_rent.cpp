#include "advisor/options/buy_vs_rent.hpp"

#include <limits>

namespace advise {

double breakeven_runs(double purchase_usd, double run_power_usd, double rent_run_usd) {
  const double saving_per_run = rent_run_usd - run_power_usd;
  if (saving_per_run <= 0) return std::numeric_limits<double>::infinity();
  return purchase_usd / saving_per_run;
}

void fill_breakeven(std::vector<Option>& options, double hours_per_week) {
  const Option* cheapest_cloud = nullptr;
  for (const Option& option : options) {
    if (option.kind == OptionKind::cloud && option.feasible &&
        (!cheapest_cloud || option.run_usd < cheapest_cloud->run_usd)) {
      cheapest_cloud = &option;
    }
  }
  if (!cheapest_cloud) return;
  for (Option& option : options) {
    if (option.kind != OptionKind::buy || !option.feasible) continue;
    const double run_power_usd = option.power_usd_per_hour * option.run_seconds / 3600.0;
    option.breakeven_runs = breakeven_runs(option.purchase_usd, run_power_usd, cheapest_cloud->run_usd);
    option.breakeven_hours = option.breakeven_runs * option.run_seconds / 3600.0;
    option.breakeven_months = option.breakeven_hours / (hours_per_week * 52.0 / 12.0);
    option.breakeven_against = cheapest_cloud->id;
  }
}

}  // namespace advise
