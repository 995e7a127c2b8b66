#include "workload.hpp"

#include <limits>

namespace advise {
namespace {

constexpr std::int64_t kFp32Bytes = 4;

// Optimizer state copies per parameter (fp32), and fp32 values read + written
// per parameter by the update: sgd reads w, g and writes w; momentum adds one
// buffer read and written; Adam adds two.
struct OptimizerCost {
  std::int64_t state_copies;
  std::int64_t values_moved;
};

OptimizerCost optimizer_cost(const std::string& optimizer) {
  if (optimizer == "sgd") return {0, 3};
  if (optimizer == "momentum") return {1, 5};
  return {2, 7};  // adam, adamw
}

// 64-bit arithmetic that refuses to wrap: a model too large for it is an input error.
struct Checked {
  const ModelDescription& model;
  SourcePosition where;

  std::int64_t mul(std::int64_t a, std::int64_t b) const {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) overflow();
    return product;
  }
  std::int64_t add(std::int64_t a, std::int64_t b) const {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) overflow();
    return sum;
  }
  [[noreturn]] void overflow() const {
    throw InputError(where, "", "the model is too large: its sizes overflow 64-bit integers");
  }
};

void add_dense_layer(Workload& workload, const ModelDescription& model, std::size_t index, bool first_layer) {
  const LayerDescription& layer = model.layers[index];
  const Checked checked{model, layer.where};
  const std::string name = "layer[" + std::to_string(index + 1) + "]";
  const std::int64_t batch = model.training.batch_size;
  const std::int64_t in = layer.inputs;
  const std::int64_t out = layer.outputs;
  const std::int64_t repeat = layer.repeat;

  // PyTorch Linear stores W as [out, in]: Y = X·Wᵀ, dX = dY·W, dW = dYᵀ·X.
  const GemmShape forward{batch, out, in, false, true, model.training.precision};
  const GemmShape input_gradient{batch, in, out, false, false, model.training.precision};
  const GemmShape weight_gradient{out, in, batch, true, false, model.training.precision};
  // The model's input needs no gradient, so its first layer computes no dX once.
  const std::int64_t input_gradients = first_layer ? repeat - 1 : repeat;
  workload.gemms.push_back({name, "forward", forward, repeat});
  if (input_gradients > 0) workload.gemms.push_back({name, "input-gradient", input_gradient, input_gradients});
  workload.gemms.push_back({name, "weight-gradient", weight_gradient, repeat});

  const std::int64_t weights_per_copy = checked.add(checked.mul(in, out), layer.bias ? out : 0);
  const std::int64_t parameters = checked.mul(weights_per_copy, repeat);
  workload.parameters = checked.add(workload.parameters, parameters);

  const double r = static_cast<double>(repeat);
  workload.forward_flops += r * forward.flops();
  workload.backward_flops += r * weight_gradient.flops() + static_cast<double>(input_gradients) * input_gradient.flops();

  // Memory-bound passes, in fp32 values, per copy of the layer.
  const double outputs = static_cast<double>(batch) * static_cast<double>(out);
  double values = 0;
  std::int64_t kernels = 3;  // forward GEMM, dX GEMM, dW GEMM
  if (layer.bias) {
    values += 2 * outputs + outputs;  // broadcast add (read, write); gradient reduction (read)
    kernels += 1;
  }
  if (!layer.activation.empty()) {
    values += 2 * outputs + 3 * outputs;  // forward (read, write); backward (read dY and Y, write dX)
    kernels += 2;
  }
  workload.memory_bound_bytes += r * values * kFp32Bytes;
  workload.kernels_per_step += repeat * kernels;

  // Kept for backward: the layer's input (for dW) and, with an activation, its output.
  const std::int64_t kept_per_copy =
      checked.add(checked.mul(batch, in), layer.activation.empty() ? 0 : checked.mul(batch, out));
  workload.memory.activations =
      checked.add(workload.memory.activations, checked.mul(checked.mul(kept_per_copy, repeat), kFp32Bytes));
}

}  // namespace

double Workload::gemm_flops_per_step() const {
  double flops = 0;
  for (const auto& gemm : gemms) flops += static_cast<double>(gemm.count) * gemm.shape.flops();
  return flops;
}

Workload build_workload(const ModelDescription& model) {
  Workload workload;
  workload.model_name = model.name;
  workload.batch_size = model.training.batch_size;
  workload.epochs = model.training.epochs;
  workload.precision = model.training.precision;
  workload.steps_per_epoch = (model.training.samples + model.training.batch_size - 1) / model.training.batch_size;

  for (std::size_t i = 0; i < model.layers.size(); ++i) add_dense_layer(workload, model, i, i == 0);

  const Checked checked{model, {model.file, 0, 0}};
  // Softmax cross-entropy on the last layer's outputs: read logits, write their gradient.
  const LayerDescription& last = model.layers.back();
  workload.memory_bound_bytes +=
      2.0 * static_cast<double>(model.training.batch_size) * static_cast<double>(last.outputs) * kFp32Bytes;
  workload.kernels_per_step += 2;

  const OptimizerCost optimizer = optimizer_cost(model.training.optimizer);
  workload.memory_bound_bytes +=
      static_cast<double>(optimizer.values_moved) * static_cast<double>(workload.parameters) * kFp32Bytes;
  workload.kernels_per_step += static_cast<std::int64_t>(model.layers.size());  // one fused update per layer

  const std::int64_t parameter_bytes = checked.mul(workload.parameters, kFp32Bytes);
  workload.memory.weights = parameter_bytes;
  workload.memory.gradients = parameter_bytes;
  workload.memory.optimizer = checked.mul(parameter_bytes, optimizer.state_copies);
  checked.add(checked.add(workload.memory.weights, workload.memory.gradients),
              checked.add(workload.memory.optimizer, workload.memory.activations));
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

}  // namespace advise
