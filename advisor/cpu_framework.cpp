#include "cpu_framework.hpp"

namespace advise {

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

double framework_speed_ratio(const CpuFacts& cpu, const CpuFrameworkCosts& costs) {
  if (cpu.dispatch_seconds <= 0 || costs.reference_dispatch_seconds <= 0) return 1;
  return cpu.dispatch_seconds / costs.reference_dispatch_seconds;
}

}  // namespace advise
