// Additive (Bahdanau) attention, as sequence-to-sequence decoders use it: each query position
// scores every key position with v · tanh(W_q q + W_k k [+ b]), and its context is the
// softmax-weighted sum of the keys. Frameworks build the score unfused, a tensor of
// batch x queries x keys x units taken through the sum, tanh and the product with v: memory-bound
// work that grows with both sequence lengths and often outweighs the attention's GEMMs.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {
namespace {

// Passes over the score tensor apart from tanh's own: the broadcast sum of the two projections
// (write), the product with v (read); backward the outer product that spreads the score's gradient
// over the units (write), v's gradient (read), and the two sums back to the projections (two
// reductions). The normalized form's bias adds a read and a write, and a reduction backward.
constexpr double kScoreForwardPasses = 2;
constexpr double kScoreBackwardPasses = 4;
constexpr double kBiasForwardPasses = 2;
constexpr double kBiasBackwardPasses = 1;

}  // namespace

LayerResult additive_attention_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad,
                                     const BuildContext& c) {
  if (input.dims.size() != 2) {
    const std::string why =
        input.dims.empty() ? "it cannot be the first layer" : describe_source(input) + " is not a sequence";
    fail(layer, "type",
         "additive_attention needs a sequence input [positions, features] (the states that query it); " + why);
  }
  const std::int64_t queries = input.dims[0], query_width = input.dims[1];
  const std::int64_t keys = layer.keys > 0 ? layer.keys : queries;
  const std::int64_t key_width = layer.key_width > 0 ? layer.key_width : query_width;
  const std::int64_t units = layer.units;
  const SourcePosition& where = layer.where;
  const std::int64_t query_rows = checked_product({c.batch, queries}, where);
  const std::int64_t key_rows = checked_product({c.batch, keys}, where);
  LayerResult result;
  StepWork& work = result.work;
  // The projections (no bias) of the queries and of the keys, whose gradient reaches the encoder.
  add_matmul(work, layer.name, {query_rows, units, query_width, false, true, c.dtype}, 1, needs_grad, true, true);
  add_matmul(work, layer.name, {key_rows, units, key_width, false, true, c.dtype}, 1, true, true, true);
  // The context: each sequence's probabilities times its keys, one batched kernel.
  add_matmul(work, layer.name, {queries, key_width, keys, false, false, c.dtype}, c.batch, true, true, false, true);

  const std::int64_t probabilities = checked_product({c.batch, queries, keys}, where);
  const std::int64_t score = checked_product({probabilities, units}, where);
  add_elementwise(work, c, static_cast<double>(score), kScoreForwardPasses, kScoreBackwardPasses, 4);
  if (layer.normalize) add_elementwise(work, c, static_cast<double>(score), kBiasForwardPasses, kBiasBackwardPasses, 2);
  add_activation(work, c, "tanh", static_cast<double>(score));
  add_softmax(work, c, static_cast<double>(probabilities));
  // The output [query, context]: a concatenation copy forward; backward takes views of its gradient.
  const std::int64_t output_width = checked_sum({query_width, key_width}, where);
  add_elementwise(work, c, static_cast<double>(checked_product({query_rows, output_width}, where)), 2, 0, 1);

  work.parameters = checked_sum({checked_product({units, query_width}, where),
                                 checked_product({units, key_width}, where), units, layer.normalize ? units + 1 : 0},
                                where);
  // Kept for backward: the queries and keys (weight gradients), their projections, tanh's output
  // (its own backward and v's gradient), the probabilities.
  work.kept_elements += checked_sum({checked_product({query_rows, query_width + units}, where),
                                     checked_product({key_rows, key_width + units}, where),
                                     score, probabilities},
                                    where);
  work.calls.dense += 2;
  work.calls.activation += 1;
  work.calls.residual += layer.normalize ? 2 : 1;
  work.calls.parameter_tensors += layer.normalize ? 5 : 3;  // W_q, W_k, v (and the bias and scale)
  add_casts(work, c, {static_cast<double>(units) * static_cast<double>(query_width),
                      static_cast<double>(units) * static_cast<double>(key_width), static_cast<double>(units)});
  result.output.dims = {queries, output_width};
  return result;
}

}  // namespace advise
