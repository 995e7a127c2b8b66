#include "options.hpp"

#include <cmath>
#include <limits>

#include "advisor/decide.hpp"
#include "advisor/predict.hpp"
#include "advisor/prediction_constants.hpp"

namespace advise {
namespace {

double usable(std::int64_t bytes) { return static_cast<double>(bytes) * prediction::kUsableMemoryFraction; }

double run_seconds_for(const Workload& workload, double step_seconds) {
  return step_seconds * static_cast<double>(workload.steps_per_epoch) * static_cast<double>(workload.epochs);
}

void fill_times(Option& option, const Workload& workload, std::int64_t runs) {
  option.epoch_seconds = option.step.seconds * static_cast<double>(workload.steps_per_epoch);
  option.run_seconds = option.epoch_seconds * static_cast<double>(workload.epochs) * static_cast<double>(runs);
}

// A local device costs its hourly rate for exactly the time it runs.
void fill_local_costs(Option& option, const Workload& workload, std::int64_t runs) {
  const auto cost = [&](double step_s) { return option.usd_per_hour * run_seconds_for(workload, step_s) / 3600.0 * static_cast<double>(runs); };
  option.run_usd = cost(option.step.seconds);
  option.run_usd_low = cost(option.step.low);
  option.run_usd_high = cost(option.step.high);
}

void check_memory(Option& option, std::int64_t needed, std::int64_t available, const std::string& what) {
  option.memory_needed_bytes = needed;
  option.memory_available_bytes = available;
  if (static_cast<double>(needed) > usable(available)) {
    option.feasible = false;
    option.infeasible_reason = "needs " + format_bytes(static_cast<double>(needed)) + " of memory, " + what + " has " +
                               format_bytes(static_cast<double>(available));
  }
}

Option this_cpu_option(const Workload& workload, const std::vector<ShapeCount>& shapes, const MachineProfile& profile,
                       const Catalogs& catalogs, std::int64_t runs) {
  const LocalCosts& local = catalogs.local;
  Option option;
  option.id = "this-cpu";
  option.kind = "this-cpu";
  option.provider = "local";
  option.instance = "this machine";
  option.device = profile.cpu.name;
  option.pricing = "local";
  option.step = predict_this_cpu(workload, shapes, profile, catalogs.prediction.cpu_framework);
  // Power, plus this machine's own price spread over its amortisation hours.
  option.usd_per_hour = local.machine_watts / 1000.0 * local.usd_per_kwh +
                        local.machine_purchase_usd / (local.amortisation_years * local.hours_per_year);
  check_memory(option, workload.memory.total(), profile.cpu.memory_bytes, "this machine");
  fill_times(option, workload, runs);
  fill_local_costs(option, workload, runs);
  return option;
}

// The local GPU: measured GEMMs, measured bandwidth, the framework's launch time; it costs power.
Option this_gpu_option(const Workload& workload, const MachineProfile& profile, const Catalogs& catalogs,
                       std::int64_t runs) {
  const GpuFacts& gpu = profile.gpu_facts;
  Option option;
  option.id = "this-gpu";
  option.kind = "this-gpu";
  option.provider = "local";
  option.instance = "this machine";
  option.device = gpu.name;
  option.pricing = "local";
  StepEstimate& step = option.step;
  step.source = "measured";
  const std::vector<ShapeCount> shapes = distinct_shapes(workload);
  double low = 0, high = 0;
  for (std::size_t i = 0; i < shapes.size() && i < profile.gpu_gemms.size(); ++i) {
    const double count = static_cast<double>(shapes[i].count);
    step.gemm_seconds += count * profile.gpu_gemms[i].seconds_median;
    low += count * profile.gpu_gemms[i].seconds_min;
    high += count * profile.gpu_gemms[i].seconds_max;
  }
  step.memory_seconds = workload.memory_bound_bytes / gpu.bandwidth_bytes_per_s;
  step.overhead_seconds = static_cast<double>(workload.kernels_per_step) * catalogs.prediction.seconds_per_kernel;
  step.seconds = std::max(step.gemm_seconds + step.memory_seconds, step.overhead_seconds);
  step.low = std::max(low + step.memory_seconds, step.overhead_seconds) * prediction::kMeasuredLowFactor;
  step.high = std::max(high + step.memory_seconds, step.overhead_seconds) * prediction::kMeasuredHighFactor;
  step.note = "GEMMs timed with cuBLASLt on this GPU";
  // Power: the catalog's TDP when it knows this GPU, else an assumed 300 W; plus the machine around it.
  const GpuSpec* spec = catalogs.find_gpu(gpu.name);
  const double gpu_watts = spec ? spec->tdp_watts : 300;
  const LocalCosts& local = catalogs.local;
  option.usd_per_hour = (gpu_watts + local.machine_watts) / 1000.0 * local.usd_per_kwh +
                        local.machine_purchase_usd / (local.amortisation_years * local.hours_per_year);
  check_memory(option, memory_per_gpu(workload.memory, 1, false), gpu.memory_bytes, "this GPU");
  fill_times(option, workload, runs);
  fill_local_costs(option, workload, runs);
  return option;
}

// Where the work goes on a machine of `gpus` GPUs: replicated if it fits, else sharded, else nowhere.
struct Fit {
  bool fits = false;
  GpuPlacement placement;
  std::int64_t needed_per_gpu = 0;
};

Fit fit_on_gpus(const MemoryFootprint& memory, std::int64_t gpus, std::int64_t gpu_memory) {
  Fit fit;
  fit.placement.gpus = gpus;
  fit.needed_per_gpu = memory_per_gpu(memory, gpus, false);
  if (static_cast<double>(fit.needed_per_gpu) <= usable(gpu_memory)) {
    fit.fits = true;
    return fit;
  }
  if (gpus > 1) {
    fit.placement.sharded = true;
    fit.needed_per_gpu = memory_per_gpu(memory, gpus, true);
    fit.fits = static_cast<double>(fit.needed_per_gpu) <= usable(gpu_memory);
  }
  return fit;
}

// This machine's GPU as a spec: the catalog's when it knows the device, else from discovery and measurement.
GpuSpec local_gpu_spec(const MachineProfile& profile, const Catalogs& catalogs) {
  if (const GpuSpec* spec = catalogs.find_gpu(profile.gpu_facts.name)) return *spec;
  GpuSpec spec;
  spec.name = profile.gpu_facts.name;
  spec.memory_bytes = profile.gpu_facts.memory_bytes;
  spec.bandwidth_bytes_per_s = profile.gpu_facts.bandwidth_bytes_per_s;
  spec.peak_flops = profile.gpu_facts.peak_flops;
  spec.sm_count = profile.gpu_facts.sm_count;
  return spec;
}

Option gpu_option(const std::string& id, const Workload& workload, const GpuSpec& gpu, std::int64_t gpus,
                  const MachineProfile& profile, const Catalogs& catalogs) {
  const PredictionConstants& constants = catalogs.prediction;
  Option option;
  option.id = id;
  option.device = gpu.name;
  option.device_count = gpus;
  const Fit fit = fit_on_gpus(workload.memory, gpus, gpu.memory_bytes);
  option.step = profile.gpu.available
                    ? predict_gpu_transferred(workload, gpu, profile, local_gpu_spec(profile, catalogs), constants, fit.placement)
                    : predict_gpu_from_specs(workload, gpu, constants, fit.placement);
  option.memory_needed_bytes = fit.needed_per_gpu;
  option.memory_available_bytes = gpu.memory_bytes;
  if (!fit.fits) {
    option.feasible = false;
    const std::int64_t needed = gpus_needed_sharded(workload.memory, gpu.memory_bytes);
    option.gpus_needed_sharded = needed;
    option.infeasible_reason = "needs " + format_bytes(static_cast<double>(workload.memory.total())) + " of memory; " +
                               (gpus > 1 ? "even sharded over its " + std::to_string(gpus) + " GPUs each holds "
                                         : "one ") +
                               format_bytes(static_cast<double>(gpu.memory_bytes)) + " (" +
                               (needed > 0 ? "at least " + std::to_string(needed) + " " + gpu.name + " GPUs sharded"
                                           : "no number of " + gpu.name + " GPUs") +
                               " would hold it)";
  }
  return option;
}

Option cloud_option(const Instance& instance, const std::string& pricing, double usd_per_hour, const Workload& workload,
                    Option option, const OptionSettings& settings, const PredictionConstants& constants) {
  option.id = instance.provider + "/" + instance.name + "/" + instance.region + "/" + pricing;
  option.kind = "cloud";
  option.provider = instance.provider;
  option.instance = instance.name;
  option.region = instance.region;
  option.pricing = pricing;
  option.usd_per_hour = usd_per_hour;
  option.catalog_file = instance.catalog_file;
  fill_times(option, workload, settings.runs);
  const bool spot = pricing == "spot";
  if (spot) option.run_seconds = spot_expected_seconds(option.run_seconds, constants);
  // Each run is billed on its own: training, plus set-up, rounded to the billing unit.
  const auto cost = [&](double step_seconds) {
    double seconds = run_seconds_for(workload, step_seconds);
    if (spot) seconds = spot_expected_seconds(seconds, constants);
    return static_cast<double>(settings.runs) *
           billed_usd(seconds + settings.setup_seconds, usd_per_hour, instance.billing_seconds,
                      instance.minimum_billed_seconds);
  };
  option.run_usd = cost(option.step.seconds);
  option.run_usd_low = cost(option.step.low);
  option.run_usd_high = cost(option.step.high);
  return option;
}

Option buy_option(const GpuSpec& gpu, const Workload& workload, const MachineProfile& profile, const Catalogs& catalogs,
                  const OptionSettings& settings) {
  const LocalCosts& local = catalogs.local;
  Option option = gpu_option("buy/" + gpu.name, workload, gpu, 1, profile, catalogs);
  option.kind = "buy";
  option.provider = "buy";
  option.instance = gpu.name;
  option.pricing = "local";
  const double amortised_usd_per_hour = *gpu.purchase_usd / (local.amortisation_years * local.hours_per_year);
  option.power_usd_per_hour = (gpu.tdp_watts + local.machine_watts) / 1000.0 * local.usd_per_kwh;
  option.usd_per_hour = amortised_usd_per_hour + option.power_usd_per_hour;
  option.purchase_usd = *gpu.purchase_usd;
  fill_times(option, workload, settings.runs);
  fill_local_costs(option, workload, settings.runs);
  return option;
}

// Buy vs rent against the cheapest feasible cloud option for the same work.
void fill_breakeven(std::vector<Option>& options, const OptionSettings& settings) {
  const Option* cheapest_cloud = nullptr;
  for (const Option& option : options) {
    if (option.kind == "cloud" && option.feasible && (!cheapest_cloud || option.run_usd < cheapest_cloud->run_usd)) {
      cheapest_cloud = &option;
    }
  }
  if (!cheapest_cloud) return;
  for (Option& option : options) {
    if (option.kind != "buy" || !option.feasible) continue;
    const double run_power_usd = option.power_usd_per_hour * option.run_seconds / 3600.0;
    option.breakeven_runs = breakeven_runs(option.purchase_usd, run_power_usd, cheapest_cloud->run_usd);
    option.breakeven_hours = option.breakeven_runs * option.run_seconds / 3600.0;
    option.breakeven_months = option.breakeven_hours / (settings.hours_per_week * 52.0 / 12.0);
    option.breakeven_against = cheapest_cloud->id;
  }
}

}  // namespace

double billed_usd(double seconds, double usd_per_hour, std::int64_t billing_seconds, std::int64_t minimum_billed_seconds) {
  const double unit = static_cast<double>(std::max<std::int64_t>(1, billing_seconds));
  const double billed = std::max(std::ceil(seconds / unit) * unit, static_cast<double>(minimum_billed_seconds));
  return billed / 3600.0 * usd_per_hour;
}

double spot_expected_seconds(double seconds, const PredictionConstants& constants) {
  const double interruptions = constants.spot_interruptions_per_hour * seconds / 3600.0;
  return seconds + interruptions * (constants.checkpoint_interval_seconds / 2 + constants.spot_restart_seconds);
}

double breakeven_runs(double purchase_usd, double run_power_usd, double rent_run_usd) {
  const double saving_per_run = rent_run_usd - run_power_usd;
  if (saving_per_run <= 0) return std::numeric_limits<double>::infinity();
  return purchase_usd / saving_per_run;
}

std::int64_t memory_per_gpu(const MemoryFootprint& memory, std::int64_t gpus, bool sharded) {
  const std::int64_t states = memory.weights + memory.master_weights + memory.gradients + memory.optimizer;
  const std::int64_t activations = (memory.activations + gpus - 1) / gpus;
  return (sharded ? (states + gpus - 1) / gpus : states) + activations;
}

std::int64_t gpus_needed_sharded(const MemoryFootprint& memory, std::int64_t gpu_memory_bytes) {
  const double per_gpu = usable(gpu_memory_bytes);
  if (per_gpu <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(memory.total()) / per_gpu));
}

std::vector<Option> build_options(const Workload& workload, const std::vector<ShapeCount>& shapes,
                                  const MachineProfile& profile, const Catalogs& catalogs,
                                  const OptionSettings& settings) {
  std::vector<Option> options;
  const Option cpu = this_cpu_option(workload, shapes, profile, catalogs, settings.runs);
  options.push_back(cpu);
  if (profile.gpu.available) options.push_back(this_gpu_option(workload, profile, catalogs, settings.runs));

  for (const Instance& instance : catalogs.instances) {
    if (!settings.region.empty() && instance.region != settings.region) continue;
    Option base;
    if (!instance.gpu.empty()) {
      base = gpu_option("", workload, *catalogs.find_gpu(instance.gpu), instance.gpu_count, profile, catalogs);
    } else if (const CpuSpec* spec = catalogs.find_cpu(instance.cpu)) {
      base.step = predict_cloud_cpu(workload, shapes, profile, *spec, instance.vcpus, catalogs.prediction.cpu_framework);
      base.device = spec->name;
      check_memory(base, workload.memory.total(), instance.memory_bytes, instance.name);
    } else {
      continue;  // an instance naming no CPU or GPU model gives nothing to predict from
    }
    std::vector<std::pair<std::string, double>> prices = {{"on-demand", instance.usd_per_hour}};
    if (settings.include_spot && instance.spot_usd_per_hour) prices.emplace_back("spot", *instance.spot_usd_per_hour);
    for (const auto& [pricing, usd_per_hour] : prices) {
      options.push_back(cloud_option(instance, pricing, usd_per_hour, workload, base, settings, catalogs.prediction));
    }
  }
  for (const GpuSpec& gpu : catalogs.gpus) {
    if (gpu.purchase_usd) options.push_back(buy_option(gpu, workload, profile, catalogs, settings));
  }
  fill_breakeven(options, settings);

  for (Option& option : options) {
    option.speedup_vs_cpu = option.step.seconds > 0 ? cpu.step.seconds / option.step.seconds : 0;
    option.breakeven_speedup = cpu.usd_per_hour > 0 ? option.usd_per_hour / cpu.usd_per_hour : 0;
  }
  return options;
}

}  // namespace advise
