#include "workload.hpp"

#include <algorithm>

#include "advisor/checked.hpp"
#include "advisor/layer_work.hpp"

namespace advise {
namespace {

// Optimizer state copies per parameter (fp32), and fp32 values read + written
// per parameter by an eager framework's update, one unfused operation at a time:
// sgd reads w and g and writes w (3); momentum first updates its buffer (mul_, add_: 5), then w;
// Adam updates both moments (mul_ and add_, mul_ and addcmul_: 11), builds the
// denominator (sqrt, divide, add eps: 6) and applies it (addcdiv_: 4), 21 in all;
// AdamW also decays the weights (mul_: 2).
// Tensors of a parameter's size that those operations touch one after another, the
// working set of one tensor's update: sgd w and g; momentum also its buffer; Adam w, g,
// both moments and the two temporaries of the denominator (sqrt, then the division).
// Of the values moved, the first read of w, g and the state and the last write of w and
// the state happen once a step (sgd 3, momentum 5, Adam 7): those come from memory.
struct OptimizerCost {
  std::int64_t state_copies;
  std::int64_t values_moved;
  std::int64_t tensors_touched;
  std::int64_t values_once_per_step() const { return 3 + 2 * state_copies; }
};

OptimizerCost optimizer_cost(const std::string& optimizer) {
  if (optimizer == "sgd") return {0, 3, 2};
  if (optimizer == "momentum") return {1, 8, 3};
  if (optimizer == "adamw") return {2, 23, 6};
  return {2, 21, 6};  // adam
}

bool mixed_precision(const std::string& precision) { return precision == "bf16" || precision == "fp16"; }

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
  work.accumulate(projection, 1, embedding.where);
}

}  // namespace

double Workload::gemm_flops_per_step() const {
  double flops = 0;
  for (const auto& gemm : gemms) flops += static_cast<double>(gemm.count) * gemm.shape.flops();
  return flops;
}

void add_traffic(std::vector<MemoryTraffic>& traffic, const MemoryTraffic& added) {
  for (auto& entry : traffic) {
    if (entry.kind == added.kind && entry.working_set_bytes == added.working_set_bytes) {
      entry.bytes += added.bytes;
      return;
    }
  }
  traffic.push_back(added);
}

void FrameworkCalls::add(const FrameworkCalls& other, std::int64_t times) {
  for (auto field : {&FrameworkCalls::dense, &FrameworkCalls::conv2d, &FrameworkCalls::pool,
                     &FrameworkCalls::sequence_pool, &FrameworkCalls::batch_norm, &FrameworkCalls::layer_norm,
                     &FrameworkCalls::activation, &FrameworkCalls::embedding, &FrameworkCalls::residual,
                     &FrameworkCalls::transformer, &FrameworkCalls::lstm, &FrameworkCalls::lstm_step,
                     &FrameworkCalls::parameter_tensors}) {
    this->*field += other.*field * times;
  }
  const double t = static_cast<double>(times);
  pooled_elements += other.pooled_elements * t;
  lstm_gate_elements += other.lstm_gate_elements * t;
  attention_elements += other.attention_elements * t;
  for (const auto& [function, elements] : other.activation_elements) activation_elements[function] += elements * t;
}

Workload build_workload(const ModelDescription& model) {
  const TrainingSettings& training = model.training;
  const bool mixed = mixed_precision(training.precision);
  BuildContext context;
  context.batch = training.batch_size;
  context.dtype = training.precision;
  context.element_bytes = mixed ? 2 : 4;
  // The optimizer updates fp32 (master) weights; mixed precision also writes the low-precision copy.
  const OptimizerCost optimizer = optimizer_cost(training.optimizer);
  context.optimizer_bytes_per_parameter = static_cast<double>(optimizer.values_moved) * 4 + (mixed ? 2 : 0);
  context.optimizer_once_per_step_bytes_per_parameter =
      static_cast<double>(optimizer.values_once_per_step()) * 4 + (mixed ? 2 : 0);
  context.optimizer_working_set_per_parameter = static_cast<double>(optimizer.tensors_touched) * 4;
  const SourcePosition whole_model{model.file, 0, 0};

  StepWork work;
  FeatureShape state;
  bool needs_grad = false;  // the model's input needs no gradient
  for (const auto& layer : model.layers) {
    LayerResult result = build_repeated_layer(layer, state, needs_grad, context);
    work.accumulate(result.work, 1, layer.where);
    needs_grad = needs_grad || result.work.parameters > 0;
    state = result.output;
  }
  if (const LayerDescription* embedding = tied_embedding(model)) add_tied_projection(work, state, *embedding, context);

  // Softmax cross-entropy on the last output: read the logits, write their gradient; keep the probabilities.
  const std::int64_t logits = checked_product({training.batch_size, state.elements()}, whole_model);
  const double logit_bytes = static_cast<double>(logits) * static_cast<double>(context.element_bytes);
  work.add_memory_traffic(TrafficKind::elementwise, 2 * logit_bytes, 3 * logit_bytes);
  work.kept_elements = checked_sum({work.kept_elements, logits}, whole_model);
  work.kernels += 2;

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
        known.count += gemm.count;
        merged = true;
        break;
      }
    }
    if (!merged) shapes.push_back({gemm.shape, gemm.count});
  }
  return shapes;
}

ConvPass conv_pass_of(const WorkloadGemm& gemm) {
  if (gemm.role == "dX") return ConvPass::backward_data;
  if (gemm.role == "dW") return ConvPass::backward_weights;
  return ConvPass::forward;
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
      known->count += calls;
    } else {
      convolutions.push_back({gemm.conv, pass, calls});
    }
  }
  return convolutions;
}

}  // namespace advise
