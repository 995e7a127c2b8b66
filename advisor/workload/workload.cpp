#include "advisor/workload/workload.hpp"

#include <algorithm>

#include "advisor/model/checked.hpp"
#include "advisor/workload/layers/layer.hpp"
#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/workload/optimizer_work.hpp"

namespace advise {
namespace {

// The first embedding whose weights the model's output projection shares, if any.
const LayerDescription* tied_embedding(const ModelDescription& model) {
  for (const auto& layer : model.layers) {
    if (layer.kind == "embedding" && layer.tied) return &layer;
  }
  return nullptr;
}

// A language model's last step: logits = hidden · Eᵀ with the embedding table E.
void add_tied_projection(StepWork& work, FeatureShape& state, const LayerDescription& embedding,
                         const BuildContext& context) {
  if (state.dims.size() != 2 || state.dims[1] != embedding.dim) {
    throw InputError(embedding.position("tied"), embedding.name + ".tied",
                     "the tied output projection needs the last layer to give " + std::to_string(embedding.dim) +
                         " features per position, but " + state.from + " gives " + state.text());
  }
  const std::string name = "output projection (tied to " + embedding.name + ")";
  const std::int64_t tokens = checked_product({context.batch, state.dims[0]}, embedding.where);
  StepWork projection;
  add_matmul(projection, name, {tokens, embedding.vocab, embedding.dim, false, true, context.dtype}, 1, true, true, true);
  add_casts(projection, context, {static_cast<double>(embedding.vocab) * static_cast<double>(embedding.dim)});
  LayerSummary summary;
  summary.name = name;
  summary.kind = "dense";
  summary.forward_flops = projection.forward_flops;
  summary.training_flops = projection.forward_flops + projection.backward_flops;
  summary.activation_bytes = tokens * embedding.dim * context.element_bytes;
  summary.forward_gemms = {projection.gemms.front()};
  state.dims = {state.dims[0], embedding.vocab};
  summary.output_shape = state.text();
  projection.kept_elements = tokens * embedding.dim;
  projection.calls.dense = 1;  // a matmul with the table, no parameter of its own
  projection.summaries = {summary};
  work.add_layers(projection, embedding.where);
}

}  // namespace

double Workload::gemm_flops_per_step() const {
  double flops = 0;
  for (const auto& gemm : gemms) flops += static_cast<double>(gemm.count) * gemm.shape.flops();
  return flops;
}

namespace {

// Softmax cross-entropy on the last output, as a GPU framework runs it. Per logit, log-softmax
// reads the logits three times (the row's maximum, its sum of exponentials, the output) and writes
// once; backward, the likelihood's gradient is written into a zeroed tensor, and log-softmax's
// backward reads it twice (its row sum, then the output) with its own output once and writes the
// logits' gradient: nine accesses. They are 4 bytes in fp32; under mixed precision autocast casts
// the 16-bit logits up first (2 bytes read, 4 written) and their gradient back down, a loss run on
// the 16-bit logits (a model cast to half) moves 2 bytes each and casts nothing, and a log-softmax
// that upcasts itself reads the 16-bit logits and writes their gradient in 16 bits, the rest in
// fp32. Label smoothing written out adds five accesses in the loss's precision: the mean over the
// log-probabilities, its gradient spread back over them and added to the likelihood's (two reads,
// one write). The probabilities are kept. On a CPU the loss, forward and backward, runs at its own
// measured rate (PyTorch's ran at half its attention softmax's on a language model's logits), label
// smoothing's passes at the same rate per access.
void add_loss(StepWork& work, const FeatureShape& output, const BuildContext& context, const SourcePosition& where) {
  const std::int64_t logits = checked_product({context.batch, output.elements()}, where);
  const bool mixed = mixed_precision(context.dtype);
  const bool cast_up = mixed && !context.loss_in_16_bits && !context.loss_upcast_fused;
  const double loss_bytes = context.loss_in_16_bits ? 2 : 4;  // the loss's own tensors
  const double logit_bytes_read = mixed && !cast_up ? 2 : 4;  // its three reads of the logits, its write of their gradient
  const double smoothing_accesses = context.label_smoothing ? 5 : 0;
  const double bytes_per_logit = 4 * logit_bytes_read + (5 + smoothing_accesses) * loss_bytes +
                                 (cast_up ? 2 * (2 + 4) : 0);
  const double logit_bytes = static_cast<double>(logits) * static_cast<double>(context.element_bytes);
  work.add_memory_traffic(TrafficKind::cross_entropy, bytes_per_logit * static_cast<double>(logits), 3 * logit_bytes);
  work.calls.normalized_elements["cross_entropy"] += static_cast<double>(logits) * (9 + smoothing_accesses) / 9;
  work.calls.note_tensor("cross_entropy", static_cast<double>(logits));
  if (cast_up) add_casts(work, context, {static_cast<double>(logits)});  // the 16-bit logits to the fp32 loss, and back
  work.kept_elements = checked_sum({work.kept_elements, logits}, where);
  work.kernels += context.label_smoothing ? 5 : 2;
}

}  // namespace

Workload build_workload(const ModelDescription& model) {
  const TrainingSettings& training = model.training;
  const bool mixed = mixed_precision(training.precision);
  BuildContext context;
  context.batch = training.batch_size;
  context.dtype = training.precision;
  context.element_bytes = mixed ? 2 : 4;
  context.loss_in_16_bits = mixed && training.half_precision_loss;
  context.loss_upcast_fused = mixed && training.fused_loss_upcast;
  context.label_smoothing = training.label_smoothing;
  const OptimizerCost optimizer = optimizer_cost(training.optimizer);
  set_optimizer_bytes(context, optimizer, mixed);
  const SourcePosition whole_model{model.file, 0, 0};

  StepWork work;
  FeatureShape state;
  bool needs_grad = false;  // the model's input needs no gradient
  for (const auto& layer : model.layers) {
    LayerResult result = build_repeated_layer(layer, state, needs_grad, context);
    work.add_layers(result.work, layer.where);
    needs_grad = needs_grad || result.work.parameters > 0;
    state = result.output;
  }
  if (const LayerDescription* embedding = tied_embedding(model)) add_tied_projection(work, state, *embedding, context);

  add_loss(work, state, context, whole_model);

  Workload workload;
  workload.model_name = model.name;
  workload.batch_size = training.batch_size;
  workload.epochs = training.epochs;
  workload.precision = training.precision;
  workload.steps_per_epoch = (training.samples + training.batch_size - 1) / training.batch_size;
  workload.parameters = work.parameters;
  workload.gemms = std::move(work.gemms);
  workload.forward_flops = work.forward_flops;
  workload.backward_flops = work.backward_flops;
  workload.layers = std::move(work.summaries);

  workload.memory_bound_bytes = work.memory_bound_bytes;
  workload.memory_traffic = std::move(work.traffic);
  workload.kernels_per_step = work.kernels + static_cast<std::int64_t>(model.layers.size());  // one fused update per layer
  workload.framework_calls = work.calls;
  workload.optimizer = training.optimizer;

  const std::int64_t fp32_bytes = checked_product({workload.parameters, 4}, whole_model);
  MemoryFootprint& memory = workload.memory;
  memory.weights = checked_product({workload.parameters, context.element_bytes}, whole_model);
  memory.master_weights = mixed ? fp32_bytes : 0;
  memory.gradients = memory.weights;
  memory.optimizer = checked_product({fp32_bytes, optimizer.state_copies}, whole_model);
  memory.activations = checked_product({work.kept_elements, context.element_bytes}, whole_model);
  checked_sum({memory.weights, memory.master_weights, memory.gradients, memory.optimizer, memory.activations},
              whole_model);
  return workload;
}

std::vector<ShapeCount> distinct_shapes(const Workload& workload) {
  std::vector<ShapeCount> shapes;
  for (const auto& gemm : workload.gemms) {
    bool merged = false;
    for (auto& known : shapes) {
      if (known.shape == gemm.shape) {
        known.count = checked_sum({known.count, gemm.count}, {});
        merged = true;
        break;
      }
    }
    if (!merged) shapes.push_back({gemm.shape, gemm.count});
  }
  return shapes;
}

std::vector<ConvCount> distinct_convolutions(const Workload& workload) {
  std::vector<ConvCount> convolutions;
  for (const auto& gemm : workload.gemms) {
    if (!gemm.convolution) continue;
    const ConvPass pass = conv_pass_of(gemm);
    const std::int64_t calls = gemm.count / gemm.conv.groups;  // one call computes every group
    const auto known = std::find_if(convolutions.begin(), convolutions.end(), [&](const ConvCount& c) {
      return c.shape == gemm.conv && c.pass == pass;
    });
    if (known != convolutions.end()) {
      known->count = checked_sum({known->count, calls}, {});
    } else {
      convolutions.push_back({gemm.conv, pass, calls});
    }
  }
  return convolutions;
}

std::int64_t count_of(const std::vector<ShapeCount>& shapes, const GemmShape& shape) {
  for (const ShapeCount& entry : shapes) {
    if (entry.shape == shape) return entry.count;
  }
  return 0;
}

std::int64_t count_of(const std::vector<ConvCount>& convolutions, const ConvShape& shape, ConvPass pass) {
  for (const ConvCount& entry : convolutions) {
    if (entry.shape == shape && entry.pass == pass) return entry.count;
  }
  return 0;
}

}  // namespace advise
