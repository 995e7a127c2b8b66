#pragma once
// The work of one training step, derived from a model description: the exact
// GEMMs (forward, input gradient, weight gradient) with their operand layouts,
// the bytes moved by memory-bound passes, and the memory a device must hold.
// All sizes are 64-bit; FLOPs count 2 per multiply-add.

#include <cstdint>
#include <string>
#include <vector>

#include "advisor/model.hpp"
#include "probes/measurement.hpp"

namespace advise {

struct WorkloadGemm {
  std::string layer;  // "layer[2]"
  std::string role;   // "forward" | "input-gradient" | "weight-gradient"
  GemmShape shape;
  std::int64_t count = 1;  // times per step
};

// Bytes a device holds during training.
struct MemoryFootprint {
  std::int64_t weights = 0;
  std::int64_t gradients = 0;
  std::int64_t optimizer = 0;
  std::int64_t activations = 0;  // kept from forward for backward, for one batch
  std::int64_t total() const { return weights + gradients + optimizer + activations; }
};

struct Workload {
  std::string model_name;
  std::int64_t parameters = 0;
  std::vector<WorkloadGemm> gemms;
  double forward_flops = 0;         // per step
  double backward_flops = 0;        // per step
  double memory_bound_bytes = 0;    // per step: bias, activation, loss, optimizer passes
  std::int64_t kernels_per_step = 0;  // separate operations a framework launches per step
  MemoryFootprint memory;
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

Workload build_workload(const ModelDescription& model);
std::vector<ShapeCount> distinct_shapes(const Workload& workload);

}  // namespace advise
