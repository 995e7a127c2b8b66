#include "advisor/options/options.hpp"

#include <limits>

#include "advisor/options/billing.hpp"
#include "advisor/options/buy_vs_rent.hpp"
#include "advisor/options/memory_fit.hpp"
#include "advisor/predict/cloud_cpu.hpp"
#include "advisor/predict/gpu_step.hpp"
#include "advisor/predict/local_gpu.hpp"
#include "advisor/predict/this_cpu.hpp"

namespace advise {
namespace {

// This machine's own price spread over its amortisation hours.
double machine_amortised_usd_per_hour(const LocalCosts& local) {
  return local.machine_purchase_usd / (local.amortisation_years * local.hours_per_year);
}

Option local_option(OptionKind kind, const std::string& device) {
  Option option;
  option.id = to_string(kind);
  option.kind = kind;
  option.provider = "local";
  option.instance = "this machine";
  option.device = device;
  option.pricing = PricingMode::local;
  return option;
}

Option this_cpu_option(const Workload& workload, const MachineProfile& profile, const Catalogs& catalogs,
                       const CpuFrameworkCosts& framework) {
  const LocalCosts& local = catalogs.local_costs();
  Option option = local_option(OptionKind::this_cpu, profile.cpu.name);
  option.step = predict_this_cpu(workload, profile, framework);
  // Power, plus this machine's own price spread over its amortisation hours.
  option.usd_per_hour = local.machine_watts / 1000.0 * local.usd_per_kwh + machine_amortised_usd_per_hour(local);
  check_memory(option, workload.memory.total(), profile.cpu.memory_bytes, "this machine");
  fill_times(option, workload);
  fill_local_costs(option, workload);
  return option;
}

// The local GPU: measured GEMMs, measured bandwidth, the framework's launch time; it costs power.
Option this_gpu_option(const Workload& workload, const MachineProfile& profile, const Catalogs& catalogs) {
  const GpuFacts& gpu = profile.gpu_facts;
  Option option = local_option(OptionKind::this_gpu, gpu.name);
  option.step = predict_this_gpu(workload, profile, local_gpu_spec(profile, catalogs), catalogs.prediction_constants());
  // Power: the catalog's TDP when it knows this GPU, else an assumed 300 W; plus the machine around it.
  const GpuSpec* spec = catalogs.find_gpu(gpu.name);
  const double gpu_watts = spec ? spec->tdp_watts : 300;
  const LocalCosts& local = catalogs.local_costs();
  option.usd_per_hour =
      (gpu_watts + local.machine_watts) / 1000.0 * local.usd_per_kwh + machine_amortised_usd_per_hour(local);
  check_memory(option, memory_per_gpu(workload.memory, 1, false), gpu.memory_bytes, "this GPU");
  fill_times(option, workload);
  fill_local_costs(option, workload);
  // A GEMM that failed or was skipped there would count as 0 s: no prediction, and the report says why.
  if (const std::string problem = unmeasured_gpu_gemm(workload, profile); !problem.empty()) {
    option.feasible = false;
    option.left_out_reason = option.infeasible_reason = problem;
  }
  return option;
}

// `gpus` of `gpu`: its step (transferred from a local GPU, else from specs) and memory fit.
Option gpu_option(const std::string& id, const Workload& workload, const GpuSpec& gpu, std::int64_t gpus,
                  const MachineProfile& profile, const Catalogs& catalogs) {
  const PredictionConstants& constants = catalogs.prediction_constants();
  Option option;
  option.id = id;
  option.device = gpu.name;
  option.device_count = gpus;
  const GpuFit fit = fit_on_gpus(workload.memory, gpus, gpu.memory_bytes);
  option.step = profile.gpu.available
                    ? predict_gpu_transferred(workload, gpu, profile, local_gpu_spec(profile, catalogs), constants, fit.placement)
                    : predict_gpu_from_specs(workload, gpu, constants, fit.placement);
  option.memory_needed_bytes = fit.needed_per_gpu;
  option.memory_available_bytes = gpu.memory_bytes;
  if (!fit.fits) {
    option.feasible = false;
    option.gpus_needed_sharded = gpus_needed_sharded(workload.memory, gpu.memory_bytes);
    option.infeasible_reason =
        gpu_memory_shortfall(workload.memory, gpu.name, gpu.memory_bytes, gpus, fit.needed_per_gpu,
                             option.gpus_needed_sharded);
  }
  return option;
}

Option cloud_option(const Instance& instance, PricingMode pricing, double usd_per_hour, const Workload& workload,
                    Option option, const OptionSettings& settings, const PredictionConstants& constants) {
  option.id = instance.provider + "/" + instance.name + "/" + instance.region + "/" + to_string(pricing);
  option.kind = OptionKind::cloud;
  option.provider = instance.provider;
  option.instance = instance.name;
  option.region = instance.region;
  option.pricing = pricing;
  option.usd_per_hour = usd_per_hour;
  option.catalog_file = instance.catalog_file;
  fill_cloud_costs(option, instance, workload, settings.setup_seconds, constants);
  return option;
}

Option buy_option(const GpuSpec& gpu, const Workload& workload, const MachineProfile& profile,
                  const Catalogs& catalogs) {
  const LocalCosts& local = catalogs.local_costs();
  Option option = gpu_option("buy/" + gpu.name, workload, gpu, 1, profile, catalogs);
  option.kind = OptionKind::buy;
  option.provider = "buy";
  option.instance = gpu.name;
  option.pricing = PricingMode::local;
  const double amortised_usd_per_hour = *gpu.purchase_usd / (local.amortisation_years * local.hours_per_year);
  option.power_usd_per_hour = (gpu.tdp_watts + local.machine_watts) / 1000.0 * local.usd_per_kwh;
  option.usd_per_hour = amortised_usd_per_hour + option.power_usd_per_hour;
  option.purchase_usd = *gpu.purchase_usd;
  fill_times(option, workload);
  fill_local_costs(option, workload);
  return option;
}

// Each instance's options: its device's step and memory fit, at each of its prices.
void add_cloud_options(std::vector<Option>& options, const Workload& workload, const MachineProfile& profile,
                       const Catalogs& catalogs, const CpuFrameworkCosts& framework, const OptionSettings& settings) {
  for (const Instance& instance : catalogs.instances) {
    if (!settings.region.empty() && instance.region != settings.region) continue;
    Option base;
    if (!instance.gpu.empty()) {
      base = gpu_option("", workload, *catalogs.find_gpu(instance.gpu), instance.gpu_count, profile, catalogs);
    } else if (const CpuSpec* spec = catalogs.find_cpu(instance.cpu)) {
      base.step = predict_cloud_cpu(workload, profile, *spec, instance.vcpus, framework);
      base.device = spec->name;
      check_memory(base, workload.memory.total(), instance.memory_bytes, instance.name);
    } else {
      // No CPU or GPU model, not even by family: nothing to predict from; kept, and said so.
      base.feasible = false;
      base.left_out_reason = base.infeasible_reason =
          "unknown CPU model: add `cpu =` to the instance, or a [[family]] for its name";
    }
    std::vector<std::pair<PricingMode, double>> prices = {{PricingMode::on_demand, instance.usd_per_hour}};
    if (settings.include_spot && instance.spot_usd_per_hour) prices.emplace_back(PricingMode::spot, *instance.spot_usd_per_hour);
    for (const auto& [pricing, usd_per_hour] : prices) {
      options.push_back(cloud_option(instance, pricing, usd_per_hour, workload, base, settings,
                                     catalogs.prediction_constants()));
    }
  }
}

}  // namespace

std::vector<Option> build_options(const Workload& workload, const MachineProfile& profile, const Catalogs& catalogs,
                                  const CpuFrameworkCosts& framework, const OptionSettings& settings) {
  std::vector<Option> options;
  const Option cpu = this_cpu_option(workload, profile, catalogs, framework);
  options.push_back(cpu);
  if (profile.gpu.available) options.push_back(this_gpu_option(workload, profile, catalogs));
  add_cloud_options(options, workload, profile, catalogs, framework, settings);
  for (const GpuSpec& gpu : catalogs.gpus) {
    if (gpu.purchase_usd) options.push_back(buy_option(gpu, workload, profile, catalogs));
  }
  fill_breakeven(options, settings.hours_per_week);

  for (Option& option : options) {
    option.speedup_vs_cpu = option.step.seconds > 0 ? cpu.step.seconds / option.step.seconds : 0;
    const double affordable = affordable_training_seconds(option, cpu.run_usd);
    option.breakeven_speedup = affordable > 0 ? cpu.run_seconds / affordable : std::numeric_limits<double>::infinity();
    if (!option.left_out_reason.empty()) option.breakeven_speedup = 0;
    fill_totals(option, settings.runs);
  }
  return options;
}

}  // namespace advise
