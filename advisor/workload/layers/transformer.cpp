// A transformer encoder block: attention and feed-forward GEMMs, softmax, norms, head reshapes.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {

LayerResult transformer_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
  const std::int64_t s = sequence_length(layer, input, layer.d_model, "d_model");
  const std::int64_t d = layer.d_model;
  const std::int64_t f = layer.ffn;
  const std::int64_t head = d / layer.heads;
  const std::int64_t tokens = checked_product({c.batch, s}, layer.where);
  const std::int64_t batch_heads = checked_product({c.batch, layer.heads}, layer.where);
  LayerResult result;
  StepWork& work = result.work;
  const std::string& name = layer.name;
  add_matmul(work, name, {tokens, 3 * d, d, false, true, c.dtype}, 1, needs_grad, true, true);  // Q, K, V
  add_matmul(work, name, {s, s, head, false, true, c.dtype}, batch_heads, true, true, false, true);   // scores Q·Kᵀ
  add_matmul(work, name, {s, head, s, false, false, c.dtype}, batch_heads, true, true, false, true);  // context P·V
  add_matmul(work, name, {tokens, d, d, false, true, c.dtype}, 1, true, true, true);             // output projection
  add_matmul(work, name, {tokens, f, d, false, true, c.dtype}, 1, true, true, true);             // FFN up
  add_matmul(work, name, {tokens, d, f, false, true, c.dtype}, 1, true, true, true);             // FFN down
  // Q, K, V and output projections with biases, FFN with biases, two layer norms.
  work.parameters = checked_sum({checked_product({4, d, d}, layer.where), 4 * d, checked_product({2, d, f}, layer.where),
                                 f, d, 4 * d},
                                layer.where);
  const double t = static_cast<double>(tokens);
  const double scores = static_cast<double>(checked_product({batch_heads, s, s}, layer.where));
  add_elementwise(work, c, t * static_cast<double>(5 * d + f), 2, 1, 4);  // four bias adds and their gradients
  add_passes(work, c, scores, 2 + 3, TrafficKind::softmax);              // scaled, masked softmax
  work.kernels += 2;
  work.calls.normalized_elements["softmax"] += scores;
  work.calls.note_tensor("softmax", scores);
  add_activation(work, c, "gelu", t * static_cast<double>(f));
  add_passes(work, c, 2 * t * static_cast<double>(d), 3 + 4, TrafficKind::layer_norm);  // two layer norms
  work.kernels += 4;
  work.calls.normalized_elements["layer_norm"] += 2 * t * static_cast<double>(d);
  work.calls.note_tensor("layer_norm", t * static_cast<double>(d));
  add_elementwise(work, c, 2 * t * static_cast<double>(d), 3, 2, 4);     // two residual adds
  // Head split and merge copies (Q, K, V and the context), forward and backward.
  add_passes(work, c, 4 * t * static_cast<double>(d), 2 + 2, TrafficKind::attention_reshape);
  work.kernels += 8;
  work.calls.attention_elements += t * static_cast<double>(d);
  work.calls.note_tensor("attention_reshape", t * static_cast<double>(d));
  // Kept: block input, normalised inputs, Q, K, V, context, FFN input and both FFN activations, and P.
  work.kept_elements += checked_sum({checked_product({tokens, 8 * d + 2 * f}, layer.where),
                                     checked_product({batch_heads, s, s}, layer.where)},
                                    layer.where);
  work.calls.transformer = 1;
  // As PyTorch keeps them: Q/K/V, output and two FFN projections with biases, two norms' scale and shift.
  work.calls.parameter_tensors = 12;
  result.output.dims = {s, d};
  return result;
}

}  // namespace advise
