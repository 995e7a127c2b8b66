#include "advisor/predict/framework_costs.hpp"

#include "pricing/toml_fields.hpp"

namespace advise {
namespace {

// Each is seconds of framework time per operation, or a rate; they come from
// bench/validate/framework_costs.py and are checked only against absurd values.
CpuFrameworkCosts read_cpu_framework(FieldReader& fields) {
  CpuFrameworkCosts costs;
  // Each is seconds of framework time; a second per layer would be absurd.
  const auto seconds = [&](const char* key) { return fields.required_number(key, 0, 1); };
  costs.dense = seconds("dense");
  costs.conv2d = seconds("conv2d");
  costs.pool = seconds("pool");
  costs.sequence_pool = seconds("sequence_pool");
  costs.batch_norm = seconds("batch_norm");
  costs.layer_norm = seconds("layer_norm");
  costs.activation = seconds("activation");
  costs.embedding = seconds("embedding");
  costs.residual = seconds("residual");
  costs.transformer = seconds("transformer");
  costs.lstm = seconds("lstm");
  costs.lstm_step = seconds("lstm_step");
  costs.step = seconds("step");
  costs.optimizer_sgd = seconds("optimizer_sgd");
  costs.optimizer_momentum = seconds("optimizer_momentum");
  costs.optimizer_adam = seconds("optimizer_adam");
  costs.optimizer_adamw = seconds("optimizer_adamw");
  const auto optional_seconds = [&](const char* key) { return fields.optional_number(key, 0, 1).value_or(0); };
  costs.optimizer_sgd_call = optional_seconds("optimizer_sgd_call");
  costs.optimizer_momentum_call = optional_seconds("optimizer_momentum_call");
  costs.optimizer_adam_call = optional_seconds("optimizer_adam_call");
  costs.optimizer_adamw_call = optional_seconds("optimizer_adamw_call");
  costs.pool_elements_per_second = fields.optional_number("pool_elements_per_second", 1e3, 1e15).value_or(0);
  costs.lstm_gate_elements_per_second =
      fields.optional_number("lstm_gate_elements_per_second", 1e3, 1e15).value_or(0);
  costs.attention_reshape_elements_per_second =
      fields.optional_number("attention_reshape_elements_per_second", 1e3, 1e15).value_or(0);
  for (const auto& function : transcendental_activations()) {
    const std::string key = function + "_elements_per_second";
    if (const auto rate = fields.optional_number(key.c_str(), 1e3, 1e15)) {
      costs.activation_elements_per_second[function] = *rate;
    }
  }
  // What the dispatch probe gave on the CPU these were measured on (0: apply them unscaled).
  costs.reference_dispatch_seconds = fields.optional_number("reference_dispatch_seconds", 1e-10, 1e-3).value_or(0);
  costs.source = fields.required_string("source");
  fields.optional_string("note");
  return costs;
}

}  // namespace

double CpuFrameworkCosts::optimizer_per_tensor(const std::string& optimizer) const {
  if (optimizer == "sgd") return optimizer_sgd;
  if (optimizer == "momentum") return optimizer_momentum;
  if (optimizer == "adamw") return optimizer_adamw;
  return optimizer_adam;
}

double CpuFrameworkCosts::optimizer_per_call(const std::string& optimizer) const {
  if (optimizer == "sgd") return optimizer_sgd_call;
  if (optimizer == "momentum") return optimizer_momentum_call;
  if (optimizer == "adamw") return optimizer_adamw_call;
  return optimizer_adam_call;
}

bool CpuFrameworkCosts::models_activation_math() const {
  for (const auto& function : transcendental_activations()) {
    const auto rate = activation_elements_per_second.find(function);
    if (rate == activation_elements_per_second.end() || rate->second <= 0) return false;
  }
  return true;
}

CpuFrameworkCosts read_framework_costs(const UninterpretedTable& table) {
  if (!table.table) return {};
  FieldReader fields(*table.table->table, table.file, "cpu_framework");
  CpuFrameworkCosts costs = read_cpu_framework(fields);
  fields.reject_unknown_fields();
  return costs;
}

CpuFrameworkCosts calibrated_framework_costs(const FrameworkCalibration& calibration, const UninterpretedTable& bundled,
                                             const std::string& origin) {
  toml::table table;
  int from_bundled = 0;
  if (bundled.table) {
    for (const auto& [key, value] : *bundled.table->table) {
      if (value.is_number() && !calibration.costs.count(std::string(key.str())) && key.str() != "reference_dispatch_seconds") {
        table.insert(key, value.value<double>().value_or(0.0));
        ++from_bundled;
      }
    }
  }
  for (const auto& [key, value] : calibration.costs) table.insert_or_assign(key, value);
  table.insert_or_assign("source", "calibrated on this machine with " + calibration.description());
  FieldReader fields(table, origin, "calibration.costs");
  CpuFrameworkCosts costs = read_cpu_framework(fields);
  costs.reference_dispatch_seconds = 0;  // measured here: nothing to scale
  costs.calibrated_with = calibration.description();
  if (from_bundled > 0) costs.calibrated_with += ", " + std::to_string(from_bundled) + " figures from the bundled reference";
  return costs;
}

double cpu_framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs) {
  const FrameworkCalls& calls = workload.framework_calls;
  const auto times = [](std::int64_t count, double seconds) { return static_cast<double>(count) * seconds; };
  // Pooling kernels, LSTM cells and attention's head reshapes run far below memory bandwidth:
  // their measured rates replace the traffic estimate (cpu_memory_traffic leaves it out).
  const double pooling_seconds =
      costs.pool_elements_per_second > 0 ? calls.pooled_elements / costs.pool_elements_per_second : 0;
  const double lstm_cell_seconds =
      costs.lstm_gate_elements_per_second > 0 ? calls.lstm_gate_elements / costs.lstm_gate_elements_per_second : 0;
  const double attention_seconds = costs.attention_reshape_elements_per_second > 0
                                       ? calls.attention_elements / costs.attention_reshape_elements_per_second
                                       : 0;
  // So do transcendental activations (erf, tanh, exp per element): compute-bound, not memory-bound.
  double activation_math_seconds = 0;
  if (costs.models_activation_math()) {
    for (const auto& [function, elements] : calls.activation_elements) {
      activation_math_seconds += elements / costs.activation_elements_per_second.at(function);
    }
  }
  return times(calls.dense, costs.dense) + times(calls.conv2d, costs.conv2d) + times(calls.pool, costs.pool) +
         times(calls.sequence_pool, costs.sequence_pool) + times(calls.batch_norm, costs.batch_norm) +
         times(calls.layer_norm, costs.layer_norm) + times(calls.activation, costs.activation) +
         times(calls.embedding, costs.embedding) + times(calls.residual, costs.residual) +
         times(calls.transformer, costs.transformer) + times(calls.lstm, costs.lstm) +
         times(calls.lstm_step, costs.lstm_step) +
         times(calls.parameter_tensors, costs.optimizer_per_tensor(workload.optimizer)) +
         costs.optimizer_per_call(workload.optimizer) + costs.step +
         pooling_seconds + lstm_cell_seconds + attention_seconds + activation_math_seconds;
}

std::string unscaled_framework_note(const CpuFacts& cpu, const CpuFrameworkCosts& costs) {
  if (costs.reference_dispatch_seconds <= 0 || cpu.dispatch_seconds > 0) return "";
  return "the dispatch probe gave no figure here, so the framework's own costs are the reference CPU's, unscaled";
}

double framework_speed_ratio(const CpuFacts& cpu, const CpuFrameworkCosts& costs) {
  if (cpu.dispatch_seconds <= 0 || costs.reference_dispatch_seconds <= 0) return 1;
  return cpu.dispatch_seconds / costs.reference_dispatch_seconds;
}

}  // namespace advise
