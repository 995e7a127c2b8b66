// An embedding table: a gather forward, a scatter-add into the dense table gradient backward.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {

LayerResult embedding_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
  // After another embedding it adds to it (position and segment embeddings).
  const bool additive = !input.dims.empty();
  const std::int64_t positions = sequence_length(layer, input, layer.dim, "dim");
  LayerResult result;
  StepWork& work = result.work;
  work.parameters = checked_product({layer.vocab, layer.dim}, layer.where);
  const double looked_up = static_cast<double>(checked_product({c.batch, positions, layer.dim}, layer.where));
  // Mixed precision leaves lookups in fp32: the table is an fp32 parameter and autocast does not
  // lower an embedding; only the layers after it read lower-precision copies.
  BuildContext fp32 = c;
  fp32.element_bytes = 4;
  add_passes(work, fp32, looked_up, additive ? 3 : 2);  // gather (and add)
  // Backward: zero the dense table gradient, then scatter-add dY into its rows.
  const double table_bytes = static_cast<double>(work.parameters) * 4;
  work.add_memory_traffic(TrafficKind::elementwise, table_bytes, table_bytes);
  add_passes(work, fp32, looked_up, 3);
  work.kernels += additive ? 4 : 3;
  work.calls.embedding = 1;
  work.calls.parameter_tensors = 1;
  result.output.dims = {positions, layer.dim};
  return result;
}

}  // namespace advise
