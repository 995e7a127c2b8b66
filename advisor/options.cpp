#include "options.hpp"

#include <cmath>
#include <sstream>

#include "advisor/decide.hpp"
#include "advisor/predict.hpp"
#include "advisor/prediction_constants.hpp"

namespace advise {
namespace {

std::string gib(std::int64_t bytes) { return format_bytes(static_cast<double>(bytes)); }

void check_memory(Option& option, std::int64_t needed, std::int64_t available, const std::string& what) {
  option.memory_needed_bytes = needed;
  option.memory_available_bytes = available;
  const double usable = static_cast<double>(available) * prediction::kUsableMemoryFraction;
  if (static_cast<double>(needed) > usable) {
    option.feasible = false;
    option.infeasible_reason = "needs " + gib(needed) + " of memory, " + what + " has " + gib(available);
  }
}

void fill_times(Option& option, const Workload& workload) {
  option.epoch_seconds = option.step.seconds * static_cast<double>(workload.steps_per_epoch);
  option.run_seconds = option.epoch_seconds * static_cast<double>(workload.epochs);
}

double run_seconds_for(const Workload& workload, double step_seconds) {
  return step_seconds * static_cast<double>(workload.steps_per_epoch) * static_cast<double>(workload.epochs);
}

Option this_cpu_option(const Workload& workload, const std::vector<ShapeCount>& shapes,
                       const MachineProfile& profile, const LocalCosts& local) {
  Option option;
  option.id = "this-cpu";
  option.kind = "this-cpu";
  option.provider = "local";
  option.instance = "this machine";
  option.device = profile.cpu.name;
  option.pricing = "local";
  option.step = predict_this_cpu(workload, shapes, profile);
  option.usd_per_hour = local.machine_watts / 1000.0 * local.usd_per_kwh;
  check_memory(option, workload.memory.total(), profile.cpu.memory_bytes, "this machine");
  fill_times(option, workload);
  option.run_usd = option.usd_per_hour * option.run_seconds / 3600.0;
  option.run_usd_low = option.usd_per_hour * run_seconds_for(workload, option.step.low) / 3600.0;
  option.run_usd_high = option.usd_per_hour * run_seconds_for(workload, option.step.high) / 3600.0;
  return option;
}

Option cloud_option(const Instance& instance, const std::string& pricing, double usd_per_hour,
                    const Workload& workload, const StepEstimate& step, const OptionSettings& settings) {
  Option option;
  option.id = instance.provider + "/" + instance.name + "/" + instance.region + "/" + pricing;
  option.kind = "cloud";
  option.provider = instance.provider;
  option.instance = instance.name;
  option.region = instance.region;
  option.pricing = pricing;
  option.usd_per_hour = usd_per_hour;
  option.catalog_file = instance.catalog_file;
  option.step = step;
  fill_times(option, workload);
  const auto cost = [&](double step_seconds) {
    return billed_usd(run_seconds_for(workload, step_seconds) + settings.setup_seconds, usd_per_hour,
                      instance.billing_seconds, instance.minimum_billed_seconds);
  };
  option.run_usd = cost(step.seconds);
  option.run_usd_low = cost(step.low);
  option.run_usd_high = cost(step.high);
  return option;
}

// A GPU one could buy and run in this machine: purchase spread over its
// amortisation hours, plus the power of the GPU and the machine around it.
Option buy_option(const GpuSpec& gpu, const Workload& workload, const std::vector<ShapeCount>& shapes,
                  const LocalCosts& local) {
  Option option;
  option.id = "buy/" + gpu.name;
  option.kind = "buy";
  option.provider = "buy";
  option.instance = gpu.name;
  option.device = gpu.name;
  option.pricing = "local";
  option.step = predict_gpu_from_specs(workload, shapes, gpu);
  const double amortised_usd_per_hour = *gpu.purchase_usd / (local.amortisation_years * local.hours_per_year);
  const double power_usd_per_hour = (gpu.tdp_watts + local.machine_watts) / 1000.0 * local.usd_per_kwh;
  option.usd_per_hour = amortised_usd_per_hour + power_usd_per_hour;
  fill_times(option, workload);
  option.run_usd = option.usd_per_hour * option.run_seconds / 3600.0;
  option.run_usd_low = option.usd_per_hour * run_seconds_for(workload, option.step.low) / 3600.0;
  option.run_usd_high = option.usd_per_hour * run_seconds_for(workload, option.step.high) / 3600.0;
  check_memory(option, workload.memory.total(), gpu.memory_bytes, "one " + gpu.name);
  return option;
}

}  // namespace

double billed_usd(double seconds, double usd_per_hour, std::int64_t billing_seconds,
                  std::int64_t minimum_billed_seconds) {
  const double unit = static_cast<double>(std::max<std::int64_t>(1, billing_seconds));
  const double billed = std::max(std::ceil(seconds / unit) * unit, static_cast<double>(minimum_billed_seconds));
  return billed / 3600.0 * usd_per_hour;
}

std::vector<Option> build_options(const Workload& workload, const std::vector<ShapeCount>& shapes,
                                  const MachineProfile& profile, const Catalogs& catalogs,
                                  const OptionSettings& settings) {
  std::vector<Option> options;
  const Option cpu = this_cpu_option(workload, shapes, profile, catalogs.local);
  options.push_back(cpu);

  for (const Instance& instance : catalogs.instances) {
    if (!settings.region.empty() && instance.region != settings.region) continue;
    StepEstimate step;
    std::string device;
    std::int64_t device_memory = 0;
    std::string memory_owner;
    if (!instance.gpu.empty()) {
      const GpuSpec& gpu = *catalogs.find_gpu(instance.gpu);
      step = predict_gpu_from_specs(workload, shapes, gpu);
      if (instance.gpu_count > 1) {
        step.note += "; uses 1 of " + std::to_string(instance.gpu_count) + " GPUs (multi-GPU scaling not modelled)";
      }
      device = gpu.name;
      device_memory = gpu.memory_bytes;
      memory_owner = "one " + gpu.name;
    } else if (const CpuSpec* spec = catalogs.find_cpu(instance.cpu)) {
      step = predict_cloud_cpu(workload, shapes, profile, *spec, instance.vcpus);
      device = spec->name;
      device_memory = instance.memory_bytes;
      memory_owner = instance.name;
    } else {
      continue;  // an instance naming no CPU or GPU model gives nothing to predict from
    }
    std::vector<std::pair<std::string, double>> prices = {{"on-demand", instance.usd_per_hour}};
    if (settings.include_spot && instance.spot_usd_per_hour) prices.emplace_back("spot", *instance.spot_usd_per_hour);
    for (const auto& [pricing, usd_per_hour] : prices) {
      Option option = cloud_option(instance, pricing, usd_per_hour, workload, step, settings);
      option.device = device;
      option.device_count = instance.gpu.empty() ? 1 : instance.gpu_count;
      check_memory(option, workload.memory.total(), device_memory, memory_owner);
      options.push_back(std::move(option));
    }
  }

  for (const GpuSpec& gpu : catalogs.gpus) {
    if (settings.include_buy && gpu.purchase_usd) options.push_back(buy_option(gpu, workload, shapes, catalogs.local));
  }

  for (Option& option : options) {
    option.speedup_vs_cpu = option.step.seconds > 0 ? cpu.step.seconds / option.step.seconds : 0;
    option.breakeven_speedup = cpu.usd_per_hour > 0 ? option.usd_per_hour / cpu.usd_per_hour : 0;
  }
  return options;
}

}  // namespace advise
