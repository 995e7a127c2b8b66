#include "cpu_framework.hpp"

namespace advise {

double cpu_framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs) {
  const FrameworkCalls& calls = workload.framework_calls;
  const auto times = [](std::int64_t count, double seconds) { return static_cast<double>(count) * seconds; };
  // Pooling kernels and LSTM cells run far below memory bandwidth: their measured rates
  // replace the traffic estimate (cpu_memory_bound_bytes leaves it out).
  const double pooling_seconds =
      costs.pool_elements_per_second > 0 ? calls.pooled_elements / costs.pool_elements_per_second : 0;
  const double lstm_cell_seconds =
      costs.lstm_gate_elements_per_second > 0 ? calls.lstm_gate_elements / costs.lstm_gate_elements_per_second : 0;
  return times(calls.dense, costs.dense) + times(calls.conv2d, costs.conv2d) + times(calls.pool, costs.pool) +
         times(calls.sequence_pool, costs.sequence_pool) + times(calls.batch_norm, costs.batch_norm) +
         times(calls.layer_norm, costs.layer_norm) + times(calls.activation, costs.activation) +
         times(calls.embedding, costs.embedding) + times(calls.residual, costs.residual) +
         times(calls.transformer, costs.transformer) + times(calls.lstm, costs.lstm) +
         times(calls.lstm_step, costs.lstm_step) +
         times(calls.parameter_tensors, costs.optimizer_per_tensor(workload.optimizer)) + costs.step +
         pooling_seconds + lstm_cell_seconds;
}

double cpu_memory_bound_bytes(const Workload& workload, const CpuFrameworkCosts& costs) {
  const FrameworkCalls& calls = workload.framework_calls;
  double bytes = workload.memory_bound_bytes;
  if (costs.pool_elements_per_second > 0) bytes -= calls.pool_memory_bytes;
  if (costs.lstm_gate_elements_per_second > 0) bytes -= calls.lstm_memory_bytes;
  return bytes > 0 ? bytes : 0;
}

}  // namespace advise
