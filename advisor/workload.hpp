#pragma once
// The work of one training step, derived from a model description: the exact
// GEMMs (forward and both gradients) in a framework's operand layouts, the
// bytes moved by memory-bound passes, and the memory a device must hold.
// All sizes are 64-bit; FLOPs count 2 per multiply-add.

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "advisor/model.hpp"
#include "probes/measurement.hpp"

namespace advise {

struct WorkloadGemm {
  std::string layer;  // "layer[2]"
  std::string role;   // "forward" | "dX" | "dW" (weights) | "dA" | "dB" (activation × activation)
  GemmShape shape;
  std::int64_t count = 1;     // times per step
  bool batched = false;       // the count runs as one batched kernel (attention heads, conv groups)
  bool convolution = false;   // a convolution's implicit GEMM (frameworks run these in tf32 on GPUs)
  ConvShape conv;             // when `convolution`: the convolution itself, run count / conv.groups times
};

// The convolution pass a convolution's implicit GEMM stands for: forward, dX or dW.
ConvPass conv_pass_of(const WorkloadGemm& gemm);

// Memory-bound work of a step by the data it touches at once: a CPU serves
// passes whose working set fits its caches several times faster than memory.
enum class TrafficKind {
  elementwise,  // activations, norms, embedding gathers, the loss
  pooling,      // windowed 2D pools (on a CPU, a measured rate replaces their traffic)
  lstm_cell,    // LSTM gate and cell updates (likewise)
  activation_math,  // gelu, tanh, sigmoid and silu activations (likewise)
  attention_reshape,  // multi-head attention's head split and merge copies (likewise)
  optimizer,    // the optimizer's update of one layer copy's parameters
};

struct MemoryTraffic {
  TrafficKind kind = TrafficKind::elementwise;
  double bytes = 0;              // moved per step
  double working_set_bytes = 0;  // about three tensors: what one pass reads and writes
};

// The working set of bytes touched once a step: between two touches the whole step (and, on a
// shared machine, the neighbours) passes through the caches, so they come from memory.
inline constexpr double kOncePerStep = std::numeric_limits<double>::infinity();

// Adds to the entry of the same kind and working set, or appends one.
void add_traffic(std::vector<MemoryTraffic>& traffic, const MemoryTraffic& added);

// Bytes a device holds during training.
struct MemoryFootprint {
  std::int64_t weights = 0;         // in the training precision
  std::int64_t master_weights = 0;  // fp32 copy under mixed precision (bf16/fp16), else 0
  std::int64_t gradients = 0;
  std::int64_t optimizer = 0;
  std::int64_t activations = 0;  // kept from forward for backward, for one batch
  std::int64_t total() const { return weights + master_weights + gradients + optimizer + activations; }
};

// One row of --explain: a described layer, all its copies, per step.
struct LayerSummary {
  std::string name;
  std::string kind;
  int depth = 0;  // 0: a [[layer]]; 1: inside a block
  std::int64_t repeat = 1;
  std::int64_t parameters = 0;
  double forward_flops = 0;
  double training_flops = 0;  // forward + backward
  std::int64_t activation_bytes = 0;
  std::string output_shape;                  // per example, e.g. "64x56x56"
  std::vector<WorkloadGemm> forward_gemms;   // with counts for all copies
};

// What an eager framework dispatches per step, counted by the layer kinds its
// measured costs are kept for (CpuFrameworkCosts): copies of each kind, LSTM
// time steps (per direction) and parameter tensors the optimizer updates one by one.
struct FrameworkCalls {
  std::int64_t dense = 0, conv2d = 0, pool = 0, sequence_pool = 0, batch_norm = 0, layer_norm = 0, activation = 0,
               embedding = 0, residual = 0, transformer = 0, lstm = 0, lstm_step = 0;
  std::int64_t parameter_tensors = 0;
  double pooled_elements = 0;     // input elements of windowed 2D pools
  double lstm_gate_elements = 0;  // gate values of all LSTM steps and directions
  double attention_elements = 0;  // tokens x model features of all multi-head attentions
  // Elements through each activation function that computes a transcendental (gelu, tanh,
  // sigmoid, silu), forward and backward counted once.
  std::map<std::string, double> activation_elements;

  void add(const FrameworkCalls& other, std::int64_t times);
};

struct Workload {
  std::string model_name;
  std::int64_t parameters = 0;
  std::vector<WorkloadGemm> gemms;
  double forward_flops = 0;           // per step
  double backward_flops = 0;          // per step
  double memory_bound_bytes = 0;      // per step: elementwise, normalisation, loss, optimizer passes
  std::vector<MemoryTraffic> memory_traffic;  // the same bytes by kind and working set
  std::int64_t kernels_per_step = 0;  // separate operations a framework launches per step
  FrameworkCalls framework_calls;     // per step, for the framework's own time on a CPU
  std::string optimizer = "adam";
  MemoryFootprint memory;
  std::vector<LayerSummary> layers;
  std::int64_t batch_size = 0;
  std::int64_t steps_per_epoch = 0;
  std::int64_t epochs = 0;
  std::string precision = "fp32";

  double flops_per_step() const { return forward_flops + backward_flops; }
  double gemm_flops_per_step() const;
};

// A distinct shape and how many times per step it runs, over all layers and roles.
struct ShapeCount {
  GemmShape shape;
  std::int64_t count = 0;
};

// A distinct convolution pass and how many times per step it runs.
struct ConvCount {
  ConvShape shape;
  ConvPass pass = ConvPass::forward;
  std::int64_t count = 0;
};

// Checks that each layer accepts the previous layer's output; throws InputError.
Workload build_workload(const ModelDescription& model);
std::vector<ShapeCount> distinct_shapes(const Workload& workload);
// The convolution passes of the step, in order of first appearance.
std::vector<ConvCount> distinct_convolutions(const Workload& workload);

}  // namespace advise
