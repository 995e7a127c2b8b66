// Layers without GEMMs: pooling, normalisation and activation, memory-bound passes.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {

LayerResult pool_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
  LayerResult result;
  if (input.dims.size() == 3) {
    if (layer.function == "first") fail(layer, "function", "\"first\" pools a sequence; for an image use max or avg");
    if (layer.global) {
      result.output.dims = {input.dims[0], 1, 1};
    } else {
      if (layer.kernel == 0) fail(layer, "kernel", "missing: give a window `kernel` or `global = true`");
      result.output.dims = {input.dims[0], window_output(layer, input.dims[1], input.dims[2]),
                            window_output(layer, input.dims[2], input.dims[1])};
    }
  } else if (input.dims.size() == 2) {
    result.output.dims = {input.dims[1]};  // first token, mean or max over positions
  } else {
    fail(layer, "type", "pool needs an image or a sequence input; " +
                            (input.dims.empty() ? std::string("it cannot be the first layer") : describe_source(input) + " is neither"));
  }
  if (layer.size != 0 && layer.size != channel_count(input)) {
    fail(layer, "size", "expected " + std::to_string(channel_count(input)) + " (the channels of " +
                            describe_source(input) + "), got " + std::to_string(layer.size));
  }
  const std::int64_t in = checked_product({c.batch, input.elements()}, layer.where);
  const std::int64_t out = checked_product({c.batch, result.output.elements()}, layer.where);
  StepWork& work = result.work;
  const bool windowed = input.dims.size() == 3 && !layer.global;  // the slow kernel
  // Forward reads in, writes out; backward the reverse.
  add_passes(work, c, static_cast<double>(in + out), 2, windowed ? TrafficKind::pooling : TrafficKind::elementwise);
  work.kernels += 2;
  if (input.dims.size() == 3) {
    work.calls.pool = 1;
    if (windowed) {
      work.calls.pooled_elements = static_cast<double>(in);
      work.calls.note_tensor("pool", static_cast<double>(in));
    }
  } else {
    work.calls.sequence_pool = 1;
  }
  if (layer.function == "max") work.kept_elements += out;  // argmax positions
  return result;
}

LayerResult norm_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
  if (input.dims.empty()) fail(layer, "type", "a norm layer cannot be the first layer: its input size is unknown");
  const std::int64_t channels = channel_count(input);
  if (layer.size != 0 && layer.size != channels) {
    fail(layer, "size", "expected " + std::to_string(channels) + " (the features of " + describe_source(input) +
                            "), got " + std::to_string(layer.size));
  }
  LayerResult result;
  result.output.dims = input.dims;
  const std::int64_t elements = checked_product({c.batch, input.elements()}, layer.where);
  result.work.parameters = checked_product({2, channels}, layer.where);  // scale and shift
  // Forward: statistics, then normalise (3 passes); backward: two reductions and dX (4 passes).
  const std::string kind = layer.function == "layer" ? "layer_norm" : "batch_norm";
  add_passes(result.work, c, static_cast<double>(elements), 3 + 4,
             kind == "layer_norm" ? TrafficKind::layer_norm : TrafficKind::batch_norm);
  result.work.kernels += 2;
  result.work.kept_elements += elements;
  result.work.calls.normalized_elements[kind] += static_cast<double>(elements);
  result.work.calls.note_tensor(kind, static_cast<double>(elements));
  if (kind == "layer_norm") {
    result.work.calls.layer_norm = 1;
  } else {
    result.work.calls.batch_norm = 1;
  }
  result.work.calls.parameter_tensors = 2;
  return result;
}

LayerResult activation_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
  if (input.dims.empty()) fail(layer, "type", "an activation layer cannot be the first layer: its input size is unknown");
  if (layer.size != 0 && layer.size != input.elements()) {
    fail(layer, "size", "expected " + std::to_string(input.elements()) + " (" + describe_source(input) + "), got " +
                            std::to_string(layer.size));
  }
  LayerResult result;
  result.output.dims = input.dims;
  const std::int64_t elements = checked_product({c.batch, input.elements()}, layer.where);
  add_activation(result.work, c, layer.function, static_cast<double>(elements));
  result.work.kept_elements += elements;
  result.work.calls.activation = 1;
  return result;
}

}  // namespace advise
