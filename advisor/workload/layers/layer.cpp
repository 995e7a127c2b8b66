// One layer copy by its kind, then the optimizer's work on its tensors and its
// --explain row; and a layer's repeated copies.

#include "advisor/workload/layers/layer.hpp"

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/workload/optimizer_work.hpp"

namespace advise {
namespace {

LayerResult build_by_kind(const LayerDescription& layer, const FeatureShape& input, bool needs_grad,
                          const BuildContext& context) {
  const std::string& kind = layer.kind;
  if (kind == "dense") return dense_layer(layer, input, needs_grad, context);
  if (kind == "conv2d") return conv2d_layer(layer, input, needs_grad, context);
  if (kind == "pool") return pool_layer(layer, input, context);
  if (kind == "norm") return norm_layer(layer, input, context);
  if (kind == "activation") return activation_layer(layer, input, context);
  if (kind == "embedding") return embedding_layer(layer, input, context);
  if (kind == "transformer") return transformer_layer(layer, input, needs_grad, context);
  if (kind == "lstm") return lstm_layer(layer, input, needs_grad, context);
  if (kind == "additive_attention") return additive_attention_layer(layer, input, needs_grad, context);
  if (kind == "block") return block_layer(layer, input, needs_grad, context);
  fail(layer, "type", "unknown layer type \"" + kind + "\"");
}

}  // namespace

LayerResult build_layer(const LayerDescription& layer, const FeatureShape& input, bool input_needs_grad,
                        const BuildContext& context) {
  LayerResult result = build_by_kind(layer, input, input_needs_grad, context);
  result.output.from = layer.name;
  result.output.where = layer.where;
  result.output.elements();  // sizes that overflow are refused here, at the layer
  // The optimizer updates a layer's tensors one after another; a block's layers have added their own.
  if (layer.kind != "block" && result.work.parameters > 0) {
    add_optimizer_traffic(result.work, static_cast<double>(result.work.parameters), context);
  }
  std::vector<LayerSummary> inner = std::move(result.work.summaries);
  result.work.summaries = {summarize_layer(layer, result.work, result.output, context)};
  result.work.summaries.insert(result.work.summaries.end(), inner.begin(), inner.end());
  return result;
}

LayerResult build_repeated_layer(const LayerDescription& layer, const FeatureShape& input, bool input_needs_grad,
                                 const BuildContext& context) {
  LayerResult first = build_layer(layer, input, input_needs_grad, context);
  if (layer.repeat == 1) return first;
  if (layer.kind == "dense" && layer.inputs != layer.outputs) {
    fail(layer, "repeat", "a repeated dense layer feeds itself, so inputs must equal outputs; got inputs " +
                              std::to_string(layer.inputs) + " and outputs " + std::to_string(layer.outputs));
  }
  if (!input.dims.empty() && !first.output.same_dims(input)) {
    fail(layer, "repeat", "a repeated layer feeds itself, so its output must keep its input's shape; it turns " +
                              input.text() + " into " + first.output.text());
  }
  const bool next_needs_grad = input_needs_grad || first.work.parameters > 0;
  const LayerResult next = build_layer(layer, first.output, next_needs_grad, context);
  first.work.add_copies(next.work, layer.repeat - 1, layer.where);
  first.work.summaries.front().repeat = layer.repeat;
  return first;
}

}  // namespace advise
