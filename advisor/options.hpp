#pragma once
// Every way to run the training that the catalogs and this machine offer,
// each with its predicted time, cost and memory fit. Pure: no I/O, no clock.

#include <vector>

#include "advisor/option.hpp"
#include "advisor/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

struct OptionSettings {
  bool include_spot = false;
  bool include_buy = false;    // also consider buying a GPU (purchase amortised + power)
  double setup_seconds = 300;  // a cloud run's start-up (boot, image, data), billed like training
  std::string region;          // only instances in this region; empty: all
};

// Billed cost of `seconds` of use at `usd_per_hour` in whole billing units, with a minimum.
double billed_usd(double seconds, double usd_per_hour, std::int64_t billing_seconds,
                  std::int64_t minimum_billed_seconds);

std::vector<Option> build_options(const Workload& workload, const std::vector<ShapeCount>& shapes,
                                  const MachineProfile& profile, const Catalogs& catalogs,
                                  const OptionSettings& settings);

}  // namespace advise
