#include "layer_work.hpp"

#include <algorithm>
#include <sstream>

#include "advisor/checked.hpp"
#include "pricing/catalog.hpp"

namespace advise {
namespace {

std::string dims_text(std::int64_t a, std::int64_t b) { return std::to_string(a) + "x" + std::to_string(b); }

[[noreturn]] void fail(const LayerDescription& layer, const std::string& field, const std::string& problem) {
  throw InputError(layer.position(field), layer.name + (field.empty() ? "" : "." + field), problem);
}

// "the outputs of layer[3] (64x56x56)" or "the model's input" before any layer.
std::string describe_source(const FeatureShape& shape) {
  return "the output of " + shape.from + " (" + shape.text() + ")";
}

// Memory-bound passes over `elements` activations, each pass reading or writing them once;
// a pass works on about three such tensors (an input, a saved value or gradient, an output).
void add_passes(StepWork& work, const BuildContext& context, double elements, double passes,
                TrafficKind kind = TrafficKind::elementwise) {
  const double tensor_bytes = elements * static_cast<double>(context.element_bytes);
  work.add_memory_traffic(kind, tensor_bytes * passes, 3 * tensor_bytes);
}

// Elementwise layer work: forward reads and writes, backward reads dY (and saved values) and writes dX.
void add_elementwise(StepWork& work, const BuildContext& context, double elements, double forward_passes,
                     double backward_passes, std::int64_t kernels) {
  add_passes(work, context, elements, forward_passes + backward_passes);
  work.kernels += kernels;
}

// An activation function over `elements`: forward reads and writes, backward reads dY and the
// saved values and writes dX. A CPU computes gelu, tanh, sigmoid and silu well below memory
// bandwidth, so their elements are also counted for its measured rates.
void add_activation(StepWork& work, const BuildContext& context, const std::string& function, double elements) {
  const auto& rated = CpuFrameworkCosts::transcendental_activations();
  const bool transcendental = std::find(rated.begin(), rated.end(), function) != rated.end();
  add_passes(work, context, elements, 2 + 3, transcendental ? TrafficKind::activation_math : TrafficKind::elementwise);
  work.kernels += 2;
  if (transcendental) work.calls.activation_elements[function] += elements;
}

std::int64_t channel_count(const FeatureShape& shape) {
  return shape.dims.size() == 3 ? shape.dims[0] : shape.dims.back();
}

// Output size of a sliding window; checks the window fits the padded input.
std::int64_t window_output(const LayerDescription& layer, std::int64_t size, std::int64_t other) {
  const std::int64_t padded = size + 2 * layer.padding;
  if (layer.kernel > padded) {
    fail(layer, "kernel", "kernel " + std::to_string(layer.kernel) + " is larger than the padded input " +
                              dims_text(size + 2 * layer.padding, other + 2 * layer.padding) + " (input " +
                              dims_text(size, other) + ", padding " + std::to_string(layer.padding) + ")");
  }
  return (padded - layer.kernel) / layer.stride + 1;
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

LayerResult dense(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
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
  add_bias_and_activation(work, c, layer, checked_product({m, layer.outputs}, layer.where));
  result.output.dims = positions > 1 ? std::vector<std::int64_t>{positions, layer.outputs}
                                     : std::vector<std::int64_t>{layer.outputs};
  return result;
}

LayerResult conv2d(const LayerDescription& layer, const FeatureShape& given, bool needs_grad, const BuildContext& c) {
  FeatureShape input = given;
  if (input.dims.empty()) {
    if (layer.input_height == 0) fail(layer, "input", "the first conv2d layer needs `input = [height, width]`");
    input.dims = {layer.in_channels, layer.input_height, layer.input_width};
  }
  if (input.dims.size() != 3) {
    fail(layer, "type", "conv2d needs an image input [channels, height, width]; " + describe_source(input) +
                            " is not an image");
  }
  if (input.dims[0] != layer.in_channels) {
    fail(layer, "in_channels", "expected " + std::to_string(input.dims[0]) + " (the channels of " +
                                   describe_source(input) + "), got " + std::to_string(layer.in_channels));
  }
  const std::int64_t height = input.dims[1];
  const std::int64_t width = input.dims[2];
  if (layer.input_height != 0 && (layer.input_height != height || layer.input_width != width)) {
    fail(layer, "input", "expected [" + std::to_string(height) + ", " + std::to_string(width) + "] (" +
                             describe_source(input) + "), got [" + std::to_string(layer.input_height) + ", " +
                             std::to_string(layer.input_width) + "]");
  }
  const std::int64_t out_height = window_output(layer, height, width);
  const std::int64_t out_width = window_output(layer, width, height);

  LayerResult result;
  StepWork& work = result.work;
  // Implicit GEMM: one row per output pixel, one column per output channel of a group.
  const std::int64_t m = checked_product({c.batch, out_height, out_width}, layer.where);
  const std::int64_t k = checked_product({layer.in_channels / layer.groups, layer.kernel, layer.kernel}, layer.where);
  const ConvShape conv{c.batch, layer.in_channels, height, width, layer.out_channels, layer.kernel, layer.stride,
                       layer.padding, layer.groups, c.dtype};
  add_matmul(work, layer.name, {m, layer.out_channels / layer.groups, k, false, true, c.dtype}, layer.groups,
             needs_grad, true, true, /*batched=*/true, &conv);
  work.parameters = checked_sum({checked_product({layer.out_channels, k}, layer.where), layer.bias ? layer.out_channels : 0},
                                layer.where);
  work.kept_elements += checked_product({c.batch, layer.in_channels, height, width}, layer.where);
  work.calls.conv2d = 1;
  add_bias_and_activation(work, c, layer, checked_product({m, layer.out_channels}, layer.where));
  result.output.dims = {layer.out_channels, out_height, out_width};
  return result;
}

LayerResult pool(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
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
    if (windowed) work.calls.pooled_elements = static_cast<double>(in);
  } else {
    work.calls.sequence_pool = 1;
  }
  if (layer.function == "max") work.kept_elements += out;  // argmax positions
  return result;
}

LayerResult norm(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
  if (input.dims.empty()) fail(layer, "type", "a norm layer cannot be the first layer: its input size is unknown");
  const std::int64_t channels = channel_count(input);
  if (layer.size != 0 && layer.size != channels) {
    fail(layer, "size", "expected " + std::to_string(channels) + " (the features of " + describe_source(input) +
                            "), got " + std::to_string(layer.size));
  }
  LayerResult result;
  result.output.dims = input.dims;
  const std::int64_t elements = checked_product({c.batch, input.elements()}, layer.where);
  result.work.parameters = 2 * channels;  // scale and shift
  // Forward: statistics, then normalise (3 passes); backward: two reductions and dX (4 passes).
  add_elementwise(result.work, c, static_cast<double>(elements), 3, 4, 2);
  result.work.kept_elements += elements;
  if (layer.function == "layer") {
    result.work.calls.layer_norm = 1;
  } else {
    result.work.calls.batch_norm = 1;
  }
  result.work.calls.parameter_tensors = 2;
  return result;
}

LayerResult activation(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
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

// The sequence length of a sequence layer: from the previous layer, or declared when it is the first.
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

LayerResult embedding(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c) {
  // After another embedding it adds to it (position and segment embeddings).
  const bool additive = !input.dims.empty();
  const std::int64_t positions = sequence_length(layer, input, layer.dim, "dim");
  LayerResult result;
  StepWork& work = result.work;
  work.parameters = checked_product({layer.vocab, layer.dim}, layer.where);
  const double looked_up = static_cast<double>(checked_product({c.batch, positions, layer.dim}, layer.where));
  add_passes(work, c, looked_up, additive ? 3 : 2);  // gather (and add)
  // Backward: zero the dense table gradient, then scatter-add dY into its rows.
  const double table_bytes = static_cast<double>(work.parameters) * 4;
  work.add_memory_traffic(TrafficKind::elementwise, table_bytes, table_bytes);
  add_passes(work, c, looked_up, 3);
  work.kernels += additive ? 4 : 3;
  work.calls.embedding = 1;
  work.calls.parameter_tensors = 1;
  result.output.dims = {positions, layer.dim};
  return result;
}

LayerResult transformer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
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
  add_elementwise(work, c, scores, 2, 3, 2);                             // scaled, masked softmax
  add_activation(work, c, "gelu", t * static_cast<double>(f));
  add_elementwise(work, c, 2 * t * static_cast<double>(d), 3, 4, 4);     // two layer norms
  add_elementwise(work, c, 2 * t * static_cast<double>(d), 3, 2, 4);     // two residual adds
  // Head split and merge copies (Q, K, V and the context), forward and backward.
  add_passes(work, c, 4 * t * static_cast<double>(d), 2 + 2, TrafficKind::attention_reshape);
  work.kernels += 8;
  work.calls.attention_elements += t * static_cast<double>(d);
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

LayerResult lstm(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
  const std::int64_t s = sequence_length(layer, input, layer.inputs, "inputs");
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
  work.add_memory_traffic(TrafficKind::elementwise,
                          3 * recurrent_weight_bytes * static_cast<double>(directions * (s - 1)),
                          3 * recurrent_weight_bytes);
  work.kept_elements += checked_sum({checked_product({tokens, 6 * h, directions}, layer.where),
                                     checked_product({tokens, layer.inputs}, layer.where)},
                                    layer.where);
  work.calls.lstm = directions;
  work.calls.lstm_step = checked_product({s, directions}, layer.where);
  work.calls.parameter_tensors = 4 * directions;  // input and recurrent weights and biases
  work.calls.lstm_gate_elements = 4 * cells;
  result.output.dims = {s, directions * h};
  return result;
}

// Layers run in order, each fed the previous one's output; returns the last output.
StepWork run_sequence(const std::vector<LayerDescription>& layers, FeatureShape& state, bool& needs_grad,
                      const BuildContext& c, const SourcePosition& where) {
  StepWork work;
  for (const auto& layer : layers) {
    LayerResult result = build_repeated_layer(layer, state, needs_grad, c);
    work.accumulate(result.work, 1, where);
    needs_grad = needs_grad || result.work.parameters > 0;
    state = result.output;
  }
  return work;
}

LayerResult block(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c) {
  if (input.dims.empty()) fail(layer, "type", "a block cannot be the first layer: its input shape is unknown");
  LayerResult result;
  FeatureShape main = input;
  bool main_grad = needs_grad;
  result.work = run_sequence(layer.layers, main, main_grad, c, layer.where);
  FeatureShape skip = input;
  bool skip_grad = needs_grad;
  if (!layer.shortcut.empty()) {
    result.work.accumulate(run_sequence(layer.shortcut, skip, skip_grad, c, layer.where), 1, layer.where);
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

LayerSummary summarize_layer(const LayerDescription& layer, const StepWork& work, const FeatureShape& output,
                             const BuildContext& c) {
  LayerSummary summary;
  summary.name = layer.name;
  summary.kind = layer.kind;
  summary.repeat = layer.repeat;
  summary.parameters = work.parameters;
  summary.forward_flops = work.forward_flops;
  summary.training_flops = work.forward_flops + work.backward_flops;
  summary.activation_bytes = work.kept_elements * c.element_bytes;
  summary.output_shape = output.text();
  for (const auto& gemm : work.gemms) {
    if (gemm.role == "forward" && gemm.layer == layer.name) summary.forward_gemms.push_back(gemm);
  }
  return summary;
}

}  // namespace

std::int64_t FeatureShape::elements() const {
  std::int64_t product = 1;
  for (const std::int64_t dim : dims) product *= dim;
  return product;
}

std::string FeatureShape::text() const {
  std::ostringstream out;
  for (std::size_t i = 0; i < dims.size(); ++i) out << (i ? "x" : "") << dims[i];
  return out.str();
}

void StepWork::add_memory_traffic(TrafficKind kind, double bytes, double working_set_bytes) {
  memory_bound_bytes += bytes;
  add_traffic(traffic, {kind, bytes, working_set_bytes});
}

void StepWork::accumulate(const StepWork& other, std::int64_t times, const SourcePosition& where) {
  for (const auto& gemm : other.gemms) {
    const std::int64_t count = checked_product({gemm.count, times}, where);
    bool merged = false;
    for (auto& mine : gemms) {
      if (mine.layer == gemm.layer && mine.role == gemm.role && mine.shape == gemm.shape) {
        mine.count = checked_sum({mine.count, count}, where);
        merged = true;
        break;
      }
    }
    if (!merged) {
      gemms.push_back(gemm);
      gemms.back().count = count;
    }
  }
  const double t = static_cast<double>(times);
  parameters = checked_sum({parameters, checked_product({other.parameters, times}, where)}, where);
  forward_flops += t * other.forward_flops;
  backward_flops += t * other.backward_flops;
  memory_bound_bytes += t * other.memory_bound_bytes;
  for (MemoryTraffic entry : other.traffic) {
    entry.bytes *= t;
    add_traffic(traffic, entry);
  }
  kernels = checked_sum({kernels, checked_product({other.kernels, times}, where)}, where);
  calls.add(other.calls, times);
  kept_elements = checked_sum({kept_elements, checked_product({other.kept_elements, times}, where)}, where);
  // Copies of the same layers add row by row; new layers append their rows.
  const bool same_layers = summaries.size() == other.summaries.size() && !summaries.empty() &&
                           summaries.front().name == other.summaries.front().name;
  for (std::size_t i = 0; i < other.summaries.size(); ++i) {
    LayerSummary row = other.summaries[i];
    row.parameters *= times;
    row.forward_flops *= t;
    row.training_flops *= t;
    row.activation_bytes *= times;
    for (auto& gemm : row.forward_gemms) gemm.count *= times;
    if (!same_layers) {
      summaries.push_back(row);
      continue;
    }
    LayerSummary& mine = summaries[i];
    mine.parameters += row.parameters;
    mine.forward_flops += row.forward_flops;
    mine.training_flops += row.training_flops;
    mine.activation_bytes += row.activation_bytes;
    for (std::size_t g = 0; g < mine.forward_gemms.size() && g < row.forward_gemms.size(); ++g) {
      mine.forward_gemms[g].count += row.forward_gemms[g].count;
    }
  }
}

void add_matmul(StepWork& work, const std::string& layer, const GemmShape& forward, std::int64_t count, bool grad_a,
                bool grad_b, bool b_is_weight, bool batched, const ConvShape* convolution) {
  const GemmShape& f = forward;
  const bool is_conv = convolution != nullptr;
  const ConvShape conv = is_conv ? *convolution : ConvShape{};
  const double flops = static_cast<double>(count) * f.flops();
  work.gemms.push_back({layer, "forward", f, count, batched, is_conv, conv});
  work.forward_flops += flops;
  work.kernels += 1;
  if (grad_a) {  // dA[M,K] = dC[M,N] · Bᵀ
    const GemmShape gradient{f.m, f.k, f.n, false, !f.b_transposed, f.dtype};
    work.gemms.push_back({layer, b_is_weight ? "dX" : "dA", gradient, count, batched, is_conv, conv});
    work.backward_flops += flops;
    work.kernels += 1;
  }
  if (grad_b) {
    // dB in B's own storage: [N,K] = dCᵀ·A when B is stored transposed, else [K,N] = Aᵀ·dC.
    const GemmShape gradient = f.b_transposed ? GemmShape{f.n, f.k, f.m, true, f.a_transposed, f.dtype}
                                              : GemmShape{f.k, f.n, f.m, !f.a_transposed, false, f.dtype};
    work.gemms.push_back({layer, b_is_weight ? "dW" : "dB", gradient, count, batched, is_conv, conv});
    work.backward_flops += flops;
    work.kernels += 1;
  }
}

LayerResult build_layer(const LayerDescription& layer, const FeatureShape& input, bool input_needs_grad,
                        const BuildContext& context) {
  LayerResult result;
  const std::string& kind = layer.kind;
  if (kind == "dense") result = dense(layer, input, input_needs_grad, context);
  else if (kind == "conv2d") result = conv2d(layer, input, input_needs_grad, context);
  else if (kind == "pool") result = pool(layer, input, context);
  else if (kind == "norm") result = norm(layer, input, context);
  else if (kind == "activation") result = activation(layer, input, context);
  else if (kind == "embedding") result = embedding(layer, input, context);
  else if (kind == "transformer") result = transformer(layer, input, input_needs_grad, context);
  else if (kind == "lstm") result = lstm(layer, input, input_needs_grad, context);
  else if (kind == "block") result = block(layer, input, input_needs_grad, context);
  else fail(layer, "type", "unknown layer type \"" + kind + "\"");
  result.output.from = layer.name;
  // The optimizer updates a layer's tensors one after another. Its first reads of the weights,
  // gradients and state and its last writes come once a step, from memory (Adam on the MNIST
  // MLP's tensors took as long inside the training loop as after a 64 MB cache flush, about
  // twice as long as back to back); its other passes find them in cache while it works on one
  // layer copy, whose tensors are their working set. A block's layers have added their own.
  if (kind != "block" && result.work.parameters > 0) {
    const double parameters = static_cast<double>(result.work.parameters);
    const double once_per_step = parameters * context.optimizer_once_per_step_bytes_per_parameter;
    const double in_cache = parameters * context.optimizer_bytes_per_parameter - once_per_step;
    result.work.add_memory_traffic(TrafficKind::optimizer, once_per_step, kOncePerStep);
    if (in_cache > 0) {
      result.work.add_memory_traffic(TrafficKind::optimizer, in_cache,
                                     parameters * context.optimizer_working_set_per_parameter);
    }
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
  first.work.accumulate(next.work, layer.repeat - 1, layer.where);
  first.work.summaries.front().repeat = layer.repeat;
  return first;
}

}  // namespace advise
