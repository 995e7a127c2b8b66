#pragma once
// One way to run the training (this CPU, a cloud instance, ...) with its
// predicted time and cost: the value the decision ranks and reports render.

#include <cstdint>
#include <iosfwd>
#include <string>

#include "advisor/predict/step_estimate.hpp"

namespace advise {

enum class OptionKind { this_cpu, this_gpu, cloud, buy };
// How an option is paid for: a cloud price per hour, a spot price, or what owning
// hardware costs (power, and the purchase spread over its hours of use).
enum class PricingMode { on_demand, spot, local };

// The JSON and table names: "this-cpu", "this-gpu", "cloud", "buy"; "on-demand", "spot", "local".
std::string to_string(OptionKind kind);
std::string to_string(PricingMode pricing);
std::ostream& operator<<(std::ostream& out, OptionKind kind);
std::ostream& operator<<(std::ostream& out, PricingMode pricing);

// How one run's training seconds become its bill: a cloud run is billed in whole units,
// at least a minimum, with its set-up; spot stretches the training by its interruptions.
// A local option (unit 0) costs its hourly price for exactly the time it trains.
struct BillingTerms {
  std::int64_t unit_seconds = 0;
  std::int64_t minimum_seconds = 0;
  double setup_seconds = 0;
  double stretch = 1;
};

struct Option {
  std::string id;
  OptionKind kind = OptionKind::cloud;
  std::string provider;
  std::string instance;
  std::string region;
  std::string device;  // CPU or GPU model
  std::int64_t device_count = 1;
  PricingMode pricing = PricingMode::on_demand;
  bool feasible = true;
  std::string infeasible_reason;
  // Why nothing can be predicted for it (a cloud instance whose CPU model is unknown); such an
  // option is also infeasible, and its times and costs are zero.
  std::string left_out_reason;
  std::int64_t memory_needed_bytes = 0;
  std::int64_t memory_available_bytes = 0;

  StepEstimate step;
  double epoch_seconds = 0;
  double run_seconds = 0;
  double usd_per_hour = 0;
  BillingTerms billing;
  double run_usd = 0;
  double run_usd_low = 0;
  double run_usd_high = 0;
  std::int64_t runs = 1;       // of this training (--runs); the run_* figures are one run's
  double total_seconds = 0;    // all runs, one after another
  double total_usd = 0;        // all runs, each billed as one
  double speedup_vs_cpu = 0;     // this CPU's step time / this option's
  // The speedup over this CPU at which a run here costs what it costs on this CPU, set-up and
  // billing minimum included (infinity: never, the fixed part alone costs more).
  double breakeven_speedup = 0;
  std::string catalog_file;
  std::int64_t gpus_needed_sharded = 0;  // infeasible GPU options: the fewest such GPUs that would hold it

  // Buying a GPU: purchase price, running cost, and when buying beats renting.
  double purchase_usd = 0;
  double power_usd_per_hour = 0;
  double breakeven_runs = 0;    // runs after which buying is cheaper (infinity: never)
  double breakeven_hours = 0;   // the same in training hours on this GPU
  double breakeven_months = 0;  // at the given hours of use per week
  std::string breakeven_against;  // the cloud option compared with
};

}  // namespace advise
