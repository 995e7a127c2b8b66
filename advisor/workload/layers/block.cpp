// A block: layers in sequence, an optional shortcut path, a residual add and an activation.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {
namespace {

// Layers run in order, each fed the previous one's output; returns the last output.
StepWork run_sequence(const std::vector<LayerDescription>& layers, FeatureShape& state, bool& needs_grad,
                      const BuildContext& c, const SourcePosition& where) {
  StepWork work;
  for (const auto& layer : layers) {
    LayerResult result = build_repeated_layer(layer, state, needs_grad, c);
    work.add_layers(result.work, where);
    needs_grad = needs_grad || result.work.parameters > 0;
    state = result.output;
  }
  return work;
}

}  // namespace

LayerResult block_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
  if (input.dims.empty()) fail(layer, "type", "a block cannot be the first layer: its input shape is unknown");
  LayerResult result;
  FeatureShape main = input;
  bool main_grad = needs_grad;
  result.work = run_sequence(layer.layers, main, main_grad, c, layer.where);
  FeatureShape skip = input;
  bool skip_grad = needs_grad;
  if (!layer.shortcut.empty()) {
    result.work.add_layers(run_sequence(layer.shortcut, skip, skip_grad, c, layer.where), layer.where);
  }
  if (layer.residual && !skip.same_dims(main)) {
    fail(layer, layer.shortcut.empty() ? "residual" : "shortcut",
         "the residual add needs equal shapes: the layers give " + main.text() + " but the " +
             (layer.shortcut.empty() ? "identity shortcut carries " : "shortcut gives ") + skip.text() +
             (layer.shortcut.empty() ? " (add a `shortcut`)" : ""));
  }
  const std::int64_t outputs = checked_product({c.batch, main.elements()}, layer.where);
  if (layer.residual) {
    add_elementwise(result.work, c, static_cast<double>(outputs), 3, 2, 2);
    result.work.calls.residual += 1;
  }
  if (!layer.activation.empty()) {
    add_activation(result.work, c, layer.activation, static_cast<double>(outputs));
    result.work.kept_elements += outputs;
    result.work.calls.activation += 1;
  }
  // Inner rows sit one level deeper under the block's own row.
  for (auto& summary : result.work.summaries) ++summary.depth;
  result.output.dims = main.dims;
  return result;
}

}  // namespace advise
