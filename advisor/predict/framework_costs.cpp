#include "advisor/predict/framework_costs.hpp"

#include "pricing/toml_fields.hpp"
#include "probes/arithmetic_probe.hpp"

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
  costs.batch_norm_elements_per_second = fields.optional_number("batch_norm_elements_per_second", 1e3, 1e15).value_or(0);
  costs.layer_norm_elements_per_second = fields.optional_number("layer_norm_elements_per_second", 1e3, 1e15).value_or(0);
  costs.softmax_elements_per_second = fields.optional_number("softmax_elements_per_second", 1e3, 1e15).value_or(0);
  costs.cross_entropy_elements_per_second =
      fields.optional_number("cross_entropy_elements_per_second", 1e3, 1e15).value_or(0);
  costs.cast = optional_seconds("cast");
  costs.cast_elements_per_second = fields.optional_number("cast_elements_per_second", 1e3, 1e15).value_or(0);
  costs.elementwise_bytes_per_second =
      fields.optional_number("elementwise_bytes_per_second", 1e6, 1e15).value_or(0);
  costs.reference_elementwise_bytes_per_second =
      fields.optional_number("reference_elementwise_bytes_per_second", 1e6, 1e15).value_or(0);
  for (const auto& function : transcendental_activations()) {
    const std::string key = function + "_elements_per_second";
    if (const auto rate = fields.optional_number(key.c_str(), 1e3, 1e15)) {
      costs.activation_elements_per_second[function] = *rate;
    }
  }
  for (const auto& kind : arithmetic_kinds()) {
    const std::string key = "reference_" + kind + "_elements_per_second";
    if (const auto rate = fields.optional_number(key.c_str(), 1e3, 1e15)) costs.reference_arithmetic[kind] = *rate;
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
  // A reference figure belongs to the machine its table was measured on: the bundled table's
  // arithmetic references come along only with a rate taken from it.
  const auto from_calibration = [&](const std::string& key) { return calibration.costs.count(key) > 0; };
  const auto keeps_bundled = [&](const std::string& key) {
    if (from_calibration(key) || key == "reference_dispatch_seconds") return false;
    const std::string prefix = "reference_";
    if (key.rfind(prefix, 0) != 0) return true;
    return !from_calibration(key.substr(prefix.size()));  // reference_gelu_elements_per_second: gelu_elements_per_second
  };
  if (bundled.table) {
    for (const auto& [key, value] : *bundled.table->table) {
      if (!value.is_number() || !keeps_bundled(std::string(key.str()))) continue;
      table.insert(key, value.value<double>().value_or(0.0));
      if (std::string(key.str()).rfind("reference_", 0) != 0) ++from_bundled;
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

FrameworkSeconds framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs) {
  const FrameworkCalls& calls = workload.framework_calls;
  const auto times = [](std::int64_t count, double seconds) { return static_cast<double>(count) * seconds; };
  FrameworkSeconds parts;
  parts.calls = times(calls.dense, costs.dense) + times(calls.conv2d, costs.conv2d) + times(calls.pool, costs.pool) +
                times(calls.sequence_pool, costs.sequence_pool) + times(calls.batch_norm, costs.batch_norm) +
                times(calls.layer_norm, costs.layer_norm) + times(calls.activation, costs.activation) +
                times(calls.embedding, costs.embedding) + times(calls.residual, costs.residual) +
                times(calls.transformer, costs.transformer) + times(calls.lstm, costs.lstm) +
                times(calls.lstm_step, costs.lstm_step) +
                times(calls.parameter_tensors, costs.optimizer_per_tensor(workload.optimizer)) +
                times(calls.casts, costs.cast) +
                costs.optimizer_per_call(workload.optimizer) + costs.step;
  // Pooling kernels, LSTM cells and attention's head reshapes run far below memory bandwidth:
  // their measured rates replace the traffic estimate (cpu_memory_traffic leaves it out).
  const auto at_rate = [&](const char* kind, double elements, double rate) {
    if (rate > 0 && elements > 0) parts.arithmetic[kind] = elements / rate;
  };
  at_rate("pool", calls.pooled_elements, costs.pool_elements_per_second);
  at_rate("lstm_gate", calls.lstm_gate_elements, costs.lstm_gate_elements_per_second);
  at_rate("attention_reshape", calls.attention_elements, costs.attention_reshape_elements_per_second);
  at_rate("cast", calls.cast_elements, costs.cast_elements_per_second);
  // So do the framework's norm, softmax and loss kernels (several passes with reductions between them).
  const auto normalized = [&](const char* kind) {
    const auto found = calls.normalized_elements.find(kind);
    return found == calls.normalized_elements.end() ? 0.0 : found->second;
  };
  at_rate("batch_norm", normalized("batch_norm"), costs.batch_norm_elements_per_second);
  at_rate("layer_norm", normalized("layer_norm"), costs.layer_norm_elements_per_second);
  at_rate("softmax", normalized("softmax"), costs.softmax_elements_per_second);
  at_rate("cross_entropy", normalized("cross_entropy"), costs.cross_entropy_elements_per_second);
  // So do transcendental activations (erf, tanh, exp per element): compute-bound, not memory-bound.
  if (costs.models_activation_math()) {
    for (const auto& [function, elements] : calls.activation_elements) {
      at_rate(function.c_str(), elements, costs.activation_elements_per_second.at(function));
    }
  }
  return parts;
}

double FrameworkSeconds::arithmetic_total() const {
  double total = 0;
  for (const auto& [kind, seconds] : arithmetic) total += seconds;
  return total;
}

double cpu_framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs) {
  const FrameworkSeconds parts = framework_seconds(workload, costs);
  return parts.calls + parts.arithmetic_total();
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
