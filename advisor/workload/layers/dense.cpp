// A fully connected layer: one GEMM and its two gradients.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {

LayerResult dense_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
  // Positions share the layer (a token-wise Linear) when the last dimension matches; otherwise it flattens.
  std::int64_t positions = 1;
  if (input.dims.size() == 2 && input.dims[1] == layer.inputs) {
    positions = input.dims[0];
  } else if (!input.dims.empty() && input.elements() != layer.inputs) {
    std::string expected = std::to_string(input.elements()) + " (the outputs of " + input.from + ")";
    if (input.dims.size() == 3) expected = std::to_string(input.elements()) + " (" + describe_source(input) + ", flattened)";
    if (input.dims.size() == 2) {
      expected = std::to_string(input.dims[1]) + " (" + describe_source(input) + ", per position) or " +
                 std::to_string(input.elements()) + " (flattened)";
    }
    fail(layer, "inputs", "expected " + expected + ", got " + std::to_string(layer.inputs));
  }
  LayerResult result;
  StepWork& work = result.work;
  const std::int64_t m = checked_product({c.batch, positions}, layer.where);
  add_matmul(work, layer.name, {m, layer.outputs, layer.inputs, false, true, c.dtype}, 1, needs_grad, true, true);
  work.parameters = checked_sum({checked_product({layer.inputs, layer.outputs}, layer.where), layer.bias ? layer.outputs : 0},
                                layer.where);
  work.kept_elements += checked_product({m, layer.inputs}, layer.where);
  work.calls.dense = 1;
  add_casts(work, c, {static_cast<double>(layer.inputs) * static_cast<double>(layer.outputs),
                      layer.bias ? static_cast<double>(layer.outputs) : 0.0});
  add_bias_and_activation(work, c, layer, checked_product({m, layer.outputs}, layer.where));
  result.output.dims = positions > 1 ? std::vector<std::int64_t>{positions, layer.outputs}
                                     : std::vector<std::int64_t>{layer.outputs};
  return result;
}

}  // namespace advise
