// A transformer block: attention and feed-forward GEMMs, softmax, norms, head reshapes; with
// `memory`, Transformer-XL's attention over the cached previous segment with relative positions.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {
namespace {

struct AttentionSizes {
  std::int64_t s = 0;            // positions of the segment (queries)
  std::int64_t keys = 0;         // positions attended to: the segment and the memory
  std::int64_t d = 0, head = 0;  // model width, one head's width
  std::int64_t tokens = 0;       // batch x s
  std::int64_t batch_heads = 0;
};

// The attention's GEMMs. With a memory (Transformer-XL), the Q/K/V projection also runs over the
// cached positions (their gradient reaches the weights only: the memory is detached), the scores
// and context span all keys, and relative positions add a second score GEMM of the queries
// against the projected position embeddings (one per key position, shared by the batch).
void add_attention_gemms(StepWork& work, const LayerDescription& layer, const AttentionSizes& z, bool needs_grad,
                         const BuildContext& c) {
  const std::string& name = layer.name;
  const std::int64_t memory = z.keys - z.s;
  add_matmul(work, name, {z.tokens, 3 * z.d, z.d, false, true, c.dtype}, 1, needs_grad, true, true);  // Q, K, V
  if (memory > 0) {
    const std::int64_t cached = checked_product({c.batch, memory}, layer.where);
    add_matmul(work, name, {cached, 3 * z.d, z.d, false, true, c.dtype}, 1, false, true, true);  // over the memory
    add_matmul(work, name, {z.keys, z.d, z.d, false, true, c.dtype}, 1, false, true, true);     // position keys
    add_matmul(work, name, {z.tokens, z.keys, z.head, false, true, c.dtype}, layer.heads, true, true, false,
               true);  // relative position scores
  }
  // Scores Q·Kᵀ and context P·V, one batched kernel each over batch x heads.
  add_matmul(work, name, {z.s, z.keys, z.head, false, true, c.dtype}, z.batch_heads, true, true, false, true);
  add_matmul(work, name, {z.s, z.head, z.keys, false, false, c.dtype}, z.batch_heads, true, true, false, true);
  add_matmul(work, name, {z.tokens, z.d, z.d, false, true, c.dtype}, 1, true, true, true);  // output projection
}

// The scaled, masked softmax over the scores; with relative positions also the sum of the two
// score tensors and the shift that aligns the position scores (a padded copy, and back).
void add_score_passes(StepWork& work, const AttentionSizes& z, bool relative, const BuildContext& c,
                      const SourcePosition& where) {
  const double scores = static_cast<double>(checked_product({z.batch_heads, z.s, z.keys}, where));
  add_softmax(work, c, scores);
  if (relative) add_elementwise(work, c, scores, 3 + 2, 2, 3);
}

}  // namespace

LayerResult transformer_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad,
                              const BuildContext& c) {
  AttentionSizes z;
  z.s = sequence_length(layer, input, layer.d_model, "d_model");
  z.keys = checked_sum({z.s, layer.memory}, layer.where);
  z.d = layer.d_model;
  z.head = z.d / layer.heads;
  z.tokens = checked_product({c.batch, z.s}, layer.where);
  z.batch_heads = checked_product({c.batch, layer.heads}, layer.where);
  const std::int64_t d = z.d, f = layer.ffn;
  const bool relative = layer.memory > 0;
  LayerResult result;
  StepWork& work = result.work;
  add_attention_gemms(work, layer, z, needs_grad, c);
  add_matmul(work, layer.name, {z.tokens, f, d, false, true, c.dtype}, 1, true, true, true);  // FFN up
  add_matmul(work, layer.name, {z.tokens, d, f, false, true, c.dtype}, 1, true, true, true);  // FFN down
  // Q, K, V and output projections with biases, FFN with biases, two layer norms; relative
  // positions add the position projection and the two position biases.
  const std::int64_t positions = relative ? checked_sum({checked_product({d, d}, layer.where), 2 * d}, layer.where) : 0;
  work.parameters = checked_sum({checked_product({4, d, d}, layer.where), 4 * d,
                                 checked_product({2, d, f}, layer.where), f, d, 4 * d, positions},
                                layer.where);
  const double t = static_cast<double>(z.tokens);
  const double cached = static_cast<double>(checked_product({c.batch, layer.memory}, layer.where));
  add_elementwise(work, c, t * static_cast<double>(5 * d + f), 2, 1, 4);  // four bias adds and their gradients
  add_score_passes(work, z, relative, c, layer.where);
  add_activation(work, c, "gelu", t * static_cast<double>(f));
  add_passes(work, c, 2 * t * static_cast<double>(d), 3 + 4, TrafficKind::layer_norm);  // two layer norms
  work.kernels += 4;
  work.calls.normalized_elements["layer_norm"] += 2 * t * static_cast<double>(d);
  work.calls.note_tensor("layer_norm", t * static_cast<double>(d));
  add_elementwise(work, c, 2 * t * static_cast<double>(d), 3, 2, 4);  // two residual adds
  // Head split and merge copies (Q, K, V over all keys, and the context), forward and backward.
  add_passes(work, c, (4 * t + 2 * cached) * static_cast<double>(d), 2 + 2, TrafficKind::attention_reshape);
  work.kernels += 8;
  work.calls.attention_elements += t * static_cast<double>(d);
  work.calls.note_tensor("attention_reshape", t * static_cast<double>(d));
  // Kept: block input, normalised inputs, Q, K, V, context, FFN input and both FFN activations, P;
  // with a memory also the memory and its K and V.
  work.kept_elements += checked_sum({checked_product({z.tokens, 8 * d + 2 * f}, layer.where),
                                     checked_product({z.batch_heads, z.s, z.keys}, layer.where),
                                     checked_product({c.batch, layer.memory, 3 * d}, layer.where)},
                                    layer.where);
  work.calls.transformer = 1;
  // Autocast's casts, as PyTorch's profile of a decoder block shows them: the four projections'
  // weights and biases; the fp32 inputs of the Q/K/V and FFN projections (the block's input and
  // the first norm's output) and the gradients the two residual adds hand to their 16-bit branches.
  const double width = static_cast<double>(d), hidden = static_cast<double>(f);
  add_casts(work, c, {3 * width * width, width * width, width * hidden, hidden * width,  // weights
                      3 * width, width, hidden, width,                                   // biases
                      t * width, t * width, t * width, t * width});                      // activations
  if (relative) add_casts(work, c, {width * width});
  // As PyTorch keeps them: Q/K/V, output and two FFN projections with biases, two norms' scale and shift.
  work.calls.parameter_tensors = 12;
  result.output.dims = {z.s, d};
  return result;
}

}  // namespace advise
