#pragma once
// Every way to run the training that the catalogs and this machine offer,
// each with its predicted time, cost and memory fit. Pure: no I/O, no clock.

#include <cstdint>
#include <string>
#include <vector>

#include "advisor/options/option.hpp"
#include "advisor/predict/framework_costs.hpp"
#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

struct OptionSettings {
  bool include_spot = false;
  double setup_seconds = 300;  // a cloud run's start-up (boot, image, data), billed like training
  std::string region;          // only instances in this region; empty: all
  std::int64_t runs = 1;       // runs of the same training: run_* stay one run's, total_* are all of them
  double hours_per_week = 40;  // how much a bought GPU would be used, for buy-vs-rent in months
};

// This CPU, this GPU (when there is one), each cloud instance (on-demand, and spot when
// asked), each GPU one could buy; with break-evens, speedups and hourly price ratios.
// Throws InputError when the catalogs hold no prediction constants.
std::vector<Option> build_options(const Workload& workload, const MachineProfile& profile, const Catalogs& catalogs,
                                  const CpuFrameworkCosts& framework, const OptionSettings& settings);

}  // namespace advise
