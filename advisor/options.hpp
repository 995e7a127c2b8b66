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
  double setup_seconds = 300;  // a cloud run's start-up (boot, image, data), billed like training
  std::string region;          // only instances in this region; empty: all
  std::int64_t runs = 1;       // repeated runs of the same training (costs and times multiply)
  double hours_per_week = 40;  // how much a bought GPU would be used, for buy-vs-rent in months
};

// Billed cost of `seconds` of use at `usd_per_hour` in whole billing units, with a minimum.
double billed_usd(double seconds, double usd_per_hour, std::int64_t billing_seconds,
                  std::int64_t minimum_billed_seconds);

// Expected wall time of `seconds` of training on spot capacity: each
// interruption loses half a checkpoint interval of work plus the restart.
double spot_expected_seconds(double seconds, const PredictionConstants& constants);

// Buy vs rent: runs after which a GPU bought for `purchase_usd` (each run then
// costing `run_power_usd`) beats renting at `rent_run_usd` a run; infinity when never.
double breakeven_runs(double purchase_usd, double run_power_usd, double rent_run_usd);

// Memory a device needs per GPU when `gpus` share the work: states replicated
// (data parallel) or sharded (ZeRO-3); activations always split by batch.
std::int64_t memory_per_gpu(const MemoryFootprint& memory, std::int64_t gpus, bool sharded);

// The fewest GPUs of `gpu_memory_bytes` that hold the training state sharded (ZeRO-3).
std::int64_t gpus_needed_sharded(const MemoryFootprint& memory, std::int64_t gpu_memory_bytes);

std::vector<Option> build_options(const Workload& workload, const std::vector<ShapeCount>& shapes,
                                  const MachineProfile& profile, const Catalogs& catalogs,
                                  const OptionSettings& settings);

}  // namespace advise
