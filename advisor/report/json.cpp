// JSON output: the stable interface for scripts. Names follow the contract in
// README.md ("JSON output"); more fields may be added, none renamed.

#include <cmath>
#include <nlohmann/json.hpp>

#include "advisor/report/advice_json.hpp"
#include "advisor/report/machine_json.hpp"
#include "advisor/report/report.hpp"

namespace advise {
namespace {

using nlohmann::json;

json layers_json(const Workload& workload) {
  json layers = json::array();
  for (const LayerSummary& layer : workload.layers) {
    json gemms = json::array();
    for (const auto& gemm : layer.forward_gemms) {
      gemms.push_back({{"m", gemm.shape.m}, {"n", gemm.shape.n}, {"k", gemm.shape.k}, {"count", gemm.count}});
    }
    layers.push_back({{"name", layer.name},
                      {"kind", layer.kind},
                      {"depth", layer.depth},
                      {"repeat", layer.repeat},
                      {"output_shape", layer.output_shape},
                      {"parameters", layer.parameters},
                      {"forward_flops", layer.forward_flops},
                      {"training_flops", layer.training_flops},
                      {"activation_bytes", layer.activation_bytes},
                      {"forward_gemms", gemms}});
  }
  return layers;
}

json model_json(const Workload& workload) {
  const MemoryFootprint& memory = workload.memory;
  return {{"name", workload.model_name},
          {"parameters", workload.parameters},
          {"flops_per_step", workload.flops_per_step()},
          {"forward_flops_per_step", workload.forward_flops},
          {"backward_flops_per_step", workload.backward_flops},
          {"memory_bound_bytes_per_step", workload.memory_bound_bytes},
          {"batch_size", workload.batch_size},
          {"steps_per_epoch", workload.steps_per_epoch},
          {"epochs", workload.epochs},
          {"precision", workload.precision},
          {"layers", layers_json(workload)},
          {"memory_bytes",
           {{"weights", memory.weights},
            {"master_weights", memory.master_weights},
            {"gradients", memory.gradients},
            {"optimizer", memory.optimizer},
            {"activations", memory.activations},
            {"total", memory.total()}}}};
}

json option_json(const Option& option) {
  return {{"id", option.id},
          {"kind", to_string(option.kind)},
          {"provider", option.provider},
          {"instance", option.instance},
          {"region", option.region},
          {"device", option.device},
          {"device_count", option.device_count},
          {"pricing", to_string(option.pricing)},
          {"feasible", option.feasible},
          {"infeasible_reason", option.feasible ? json(nullptr) : json(option.infeasible_reason)},
          {"memory_needed_bytes", option.memory_needed_bytes},
          {"memory_available_bytes", option.memory_available_bytes},
          {"source", to_string(option.step.source)},
          {"note", option.step.note},
          {"step_seconds", option.step.seconds},
          {"step_seconds_low", option.step.low},
          {"step_seconds_high", option.step.high},
          {"step_gemm_seconds", option.step.gemm_seconds},
          {"step_memory_seconds", option.step.memory_seconds},
          {"step_overhead_seconds", option.step.overhead_seconds},
          {"allreduce_seconds", option.step.allreduce_seconds},
          {"scaling_efficiency",
           option.device_count > 1 ? json(option.step.scaling_efficiency) : json(nullptr)},
          {"scaling_efficiency_low",
           option.device_count > 1 ? json(option.step.scaling_efficiency_low) : json(nullptr)},
          {"gpus_needed_sharded", option.gpus_needed_sharded},
          {"purchase_usd", option.purchase_usd},
          {"breakeven_runs", std::isinf(option.breakeven_runs) ? json(nullptr) : json(option.breakeven_runs)},
          {"breakeven_hours", std::isinf(option.breakeven_hours) ? json(nullptr) : json(option.breakeven_hours)},
          {"breakeven_months", std::isinf(option.breakeven_months) ? json(nullptr) : json(option.breakeven_months)},
          {"breakeven_against", option.breakeven_against},
          {"epoch_seconds", option.epoch_seconds},
          {"run_seconds", option.run_seconds},
          {"usd_per_hour", option.usd_per_hour},
          {"run_usd", option.run_usd},
          {"run_usd_low", option.run_usd_low},
          {"run_usd_high", option.run_usd_high},
          {"runs", option.runs},
          {"total_seconds", option.total_seconds},
          {"total_usd", option.total_usd},
          {"speedup_vs_cpu", option.speedup_vs_cpu},
          {"breakeven_speedup", std::isinf(option.breakeven_speedup) ? json(nullptr) : json(option.breakeven_speedup)}};
}

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

json id_or_null(const std::vector<Option>& ranked, const std::optional<std::size_t>& index) {
  return index ? json(ranked[*index].id) : json(nullptr);
}

}  // namespace

json advice_json(const Advice& advice) {
  const json probes = probes_json(advice.profile, [&](const GemmShape& shape) { return count_of(advice.shapes, shape); });
  json options = json::array();
  for (std::size_t i = 0; i < advice.decision.ranked.size(); ++i) {
    json entry = option_json(advice.decision.ranked[i]);
    entry["excluded_because"] = advice.decision.excluded[i];
    options.push_back(entry);
  }
  const Recommendation& recommendation = advice.decision.recommendation;
  json catalogs = json::array();
  for (const auto& catalog : advice.catalogs) {
    catalogs.push_back({{"file", catalog.file},
                        {"provider", catalog.provider},
                        {"as_of", catalog.as_of},
                        {"source", catalog.source},
                        {"holds_prices", catalog.holds_prices},
                        {"stale", catalog.stale}});
  }
  return {
      {"model", model_json(advice.workload)},
      {"machine", machine_json(advice.profile)},
      {"probes", probes},
      {"convolution_probes", convolution_probes_json(advice.profile,
                                                      [&](const ConvShape& shape, ConvPass pass) {
                                                        return count_of(advice.convolutions, shape, pass);
                                                      })},
      {"options", options},
      {"recommendation",
       {{"option", id_or_null(advice.decision.ranked, recommendation.option)},
        {"objective", to_string(recommendation.objective)},
        {"sentence", recommendation.sentence},
        {"runner_up", id_or_null(advice.decision.ranked, recommendation.runner_up)},
        {"flips_within_uncertainty", recommendation.flips_within_uncertainty},
        {"idle_usd_per_hour", optional_number(recommendation.idle_usd_per_hour)},
        {"forgotten_weekend_usd", optional_number(recommendation.forgotten_weekend_usd)}}},
      {"catalogs", catalogs}};
}

void write_json(std::ostream& out, const Advice& advice) { out << advice_json(advice).dump(2) << "\n"; }

}  // namespace advise
