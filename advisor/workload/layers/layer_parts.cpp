#include "advisor/workload/layers/layer_parts.hpp"

#include "advisor/model/checked.hpp"

namespace advise {

[[noreturn]] void fail(const LayerDescription& layer, const std::string& field, const std::string& problem) {
  throw InputError(layer.position(field), layer.name + (field.empty() ? "" : "." + field), problem);
}

std::string describe_source(const FeatureShape& shape) {
  return "the output of " + shape.from + " (" + shape.text() + ")";
}

std::string dims_text(std::int64_t a, std::int64_t b) { return std::to_string(a) + "x" + std::to_string(b); }

std::int64_t channel_count(const FeatureShape& shape) {
  return shape.dims.size() == 3 ? shape.dims[0] : shape.dims.back();
}

std::int64_t window_output(const LayerDescription& layer, std::int64_t size, std::int64_t other) {
  const std::int64_t padded = size + 2 * layer.padding;
  if (layer.kernel > padded) {
    fail(layer, "kernel", "kernel " + std::to_string(layer.kernel) + " is larger than the padded input " +
                              dims_text(size + 2 * layer.padding, other + 2 * layer.padding) + " (input " +
                              dims_text(size, other) + ", padding " + std::to_string(layer.padding) + ")");
  }
  return (padded - layer.kernel) / layer.stride + 1;
}

std::int64_t sequence_length(const LayerDescription& layer, const FeatureShape& input, std::int64_t features,
                             const char* features_field) {
  if (input.dims.empty()) {
    if (layer.seq_len == 0) fail(layer, "seq_len", "missing: the first " + layer.kind + " layer needs seq_len");
    return layer.seq_len;
  }
  if (input.dims.size() != 2) {
    fail(layer, "type", layer.kind + " needs a sequence input [positions, features]; " + describe_source(input) +
                            " is not a sequence");
  }
  if (input.dims[1] != features) {
    fail(layer, features_field, "expected " + std::to_string(input.dims[1]) + " (the features per position of " +
                                    describe_source(input) + "), got " + std::to_string(features));
  }
  if (layer.seq_len != 0 && layer.seq_len != input.dims[0]) {
    fail(layer, "seq_len", "expected " + std::to_string(input.dims[0]) + " (the positions of " +
                               describe_source(input) + "), got " + std::to_string(layer.seq_len));
  }
  return input.dims[0];
}

void add_casts(StepWork& work, const BuildContext& context, std::initializer_list<double> elements) {
  if (!mixed_precision(context.dtype)) return;
  for (const double tensor : elements) {
    if (tensor > 0) work.calls.add_cast(tensor);
  }
}

void add_passes(StepWork& work, const BuildContext& context, double elements, double passes,
                TrafficKind kind) {
  const double tensor_bytes = elements * static_cast<double>(context.element_bytes);
  work.add_memory_traffic(kind, tensor_bytes * passes, 3 * tensor_bytes);
}

void add_elementwise(StepWork& work, const BuildContext& context, double elements, double forward_passes,
                     double backward_passes, std::int64_t kernels) {
  add_passes(work, context, elements, forward_passes + backward_passes);
  work.kernels += kernels;
}

void add_activation(StepWork& work, const BuildContext& context, const std::string& function, double elements) {
  const bool transcendental = is_transcendental_activation(function);
  add_passes(work, context, elements, 2 + 3, transcendental ? TrafficKind::activation_math : TrafficKind::elementwise);
  work.kernels += 2;
  if (transcendental) {
    work.calls.activation_elements[function] += elements;
    work.calls.note_tensor(function, elements);
  }
}

void add_softmax(StepWork& work, const BuildContext& context, double elements) {
  add_passes(work, context, elements, 2 + 3, TrafficKind::softmax);
  work.kernels += 2;
  work.calls.normalized_elements["softmax"] += elements;
  work.calls.note_tensor("softmax", elements);
}

void add_bias_and_activation(StepWork& work, const BuildContext& context, const LayerDescription& layer,
                             std::int64_t outputs_per_step) {
  const double elements = static_cast<double>(outputs_per_step);
  if (layer.bias) add_elementwise(work, context, elements, 2, 1, 1);  // broadcast add; gradient reduction
  if (!layer.activation.empty()) {
    add_activation(work, context, layer.activation, elements);
    work.kept_elements += outputs_per_step;
    work.calls.activation += 1;
  }
  work.calls.parameter_tensors += layer.bias ? 2 : 1;  // the weight and its bias
}

}  // namespace advise
