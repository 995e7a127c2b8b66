#pragma once
// The work of one training step, derived from a model description: the exact
// GEMMs (forward and both gradients) in a framework's operand layouts, the
// bytes moved by memory-bound passes, and the memory a device must hold.
// All sizes are 64-bit; FLOPs count 2 per multiply-add.

#include <cstdint>
#include <string>
#include <vector>

#include "advisor/model/model.hpp"
#include "advisor/workload/explain_rows.hpp"
#include "advisor/workload/framework_calls.hpp"
#include "advisor/workload/gemm.hpp"
#include "advisor/workload/traffic.hpp"

namespace advise {

// Bytes a device holds during training.
struct MemoryFootprint {
  std::int64_t weights = 0;         // in the training precision
  std::int64_t master_weights = 0;  // fp32 copy under mixed precision (bf16/fp16), else 0
  std::int64_t gradients = 0;
  std::int64_t optimizer = 0;
  std::int64_t activations = 0;  // kept from forward for backward, for one batch
  std::int64_t total() const { return weights + master_weights + gradients + optimizer + activations; }
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
  // An LSTM among its layers: its from-specs GPU figures carry the recurrent models' band.
  bool has_recurrent_layers() const { return framework_calls.lstm > 0; }
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

// How many times a step runs `shape` (0: never), or the convolution pass.
std::int64_t count_of(const std::vector<ShapeCount>& shapes, const GemmShape& shape);
std::int64_t count_of(const std::vector<ConvCount>& convolutions, const ConvShape& shape, ConvPass pass);

// Checks that each layer accepts the previous layer's output; throws InputError.
Workload build_workload(const ModelDescription& model);
std::vector<ShapeCount> distinct_shapes(const Workload& workload);
// The convolution passes of the step, in order of first appearance.
std::vector<ConvCount> distinct_convolutions(const Workload& workload);

}  // namespace advise
