// An LSTM: the input projection of all steps in one GEMM, one recurrent GEMM per step.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {

namespace {

// The positions of the LSTM's input. With `concat`, the previous layer gives inputs - concat of
// the features and an earlier output the rest.
std::int64_t input_positions(const LayerDescription& layer, const FeatureShape& input) {
  if (layer.concat == 0) return sequence_length(layer, input, layer.inputs, "inputs");
  if (input.dims.empty()) fail(layer, "concat", "a first layer has no previous output to add features to");
  if (input.dims.size() == 2 && input.dims[1] + layer.concat != layer.inputs) {
    fail(layer, "inputs", "expected " + std::to_string(input.dims[1] + layer.concat) + " (the " +
                              std::to_string(input.dims[1]) + " features per position of " + describe_source(input) +
                              " and concat " + std::to_string(layer.concat) + "), got " + std::to_string(layer.inputs));
  }
  return sequence_length(layer, input, layer.inputs - layer.concat, "inputs");
}

}  // namespace

LayerResult lstm_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
  const std::int64_t s = input_positions(layer, input);
  const std::int64_t h = layer.hidden;
  const std::int64_t directions = layer.bidirectional ? 2 : 1;
  const std::int64_t tokens = checked_product({c.batch, s}, layer.where);
  LayerResult result;
  StepWork& work = result.work;
  // As frameworks run it: the input projection of all steps in one GEMM, then
  // one small recurrent GEMM per step (its dX is the gradient of the previous hidden state).
  add_matmul(work, layer.name, {tokens, 4 * h, layer.inputs, false, true, c.dtype}, directions, needs_grad, true, true);
  add_matmul(work, layer.name, {c.batch, 4 * h, h, false, true, c.dtype}, checked_product({s, directions}, layer.where),
             true, true, true);
  work.gemms.back().summed_calls = s;  // the recurrent dW, added last
  for (WorkloadGemm& gemm : work.gemms) gemm.recurrent = true;
  work.kernels = directions * (3 + 5 * s);  // per step: GEMM + gate kernel forward, two GEMMs + gate kernel backward
  work.parameters = checked_product({directions, checked_sum({checked_product({4 * h, layer.inputs + h}, layer.where), 8 * h},
                                                             layer.where)},
                                    layer.where);
  const double cells = static_cast<double>(checked_product({tokens, h, directions}, layer.where));
  // Gate nonlinearities and cell update, forward and backward.
  add_passes(work, c, cells, 14 + 24, TrafficKind::lstm_cell);
  // Backward: each step's recurrent weight gradient is added to the sum of the later steps'
  // (the weights are used once per step): read both, write the sum.
  const double recurrent_weight_bytes = static_cast<double>(checked_product({4 * h, h, c.element_bytes}, layer.where));
  work.add_memory_traffic(TrafficKind::recurrent_weight_gradient,
                          3 * recurrent_weight_bytes * static_cast<double>(directions * (s - 1)),
                          3 * recurrent_weight_bytes);
  work.kept_elements += checked_sum({checked_product({tokens, 6 * h, directions}, layer.where),
                                     checked_product({tokens, layer.inputs}, layer.where)},
                                    layer.where);
  if (layer.concat > 0) {
    // The concatenation: a copy of all the input's features forward; backward, the copied
    // features' gradient added to the earlier output's (read both, write).
    add_elementwise(work, c, static_cast<double>(checked_product({tokens, layer.inputs}, layer.where)), 2, 0, 1);
    add_elementwise(work, c, static_cast<double>(checked_product({tokens, layer.concat}, layer.where)), 0, 3, 1);
    work.calls.residual += 1;
  }
  work.calls.lstm = directions;
  work.calls.lstm_step = checked_product({s, directions}, layer.where);
  work.calls.parameter_tensors = 4 * directions;  // input and recurrent weights and biases
  work.calls.lstm_gate_elements = 4 * cells;
  work.calls.note_tensor("lstm_gate", static_cast<double>(checked_product({c.batch, 4 * h}, layer.where)));
  result.output.dims = {s, directions * h};
  return result;
}

}  // namespace advise
