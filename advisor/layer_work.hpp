#pragma once
// The work of one layer (one copy) of a training step, and the shape of what
// it passes on. One function per layer kind lives in layer_work.cpp.

#include <cstdint>
#include <string>
#include <vector>

#include "advisor/model.hpp"
#include "advisor/workload.hpp"

namespace advise {

// The per-example shape flowing between layers: [features], [positions,
// features] or [channels, height, width]; empty before the first layer.
struct FeatureShape {
  std::vector<std::int64_t> dims;
  std::string from;  // the layer that produced it, for error messages

  std::int64_t elements() const;
  std::string text() const;  // "64x56x56"
  bool same_dims(const FeatureShape& other) const { return dims == other.dims; }
};

// Work accumulated over layers; `kept_elements` are activations saved for backward.
struct StepWork {
  std::vector<WorkloadGemm> gemms;
  std::int64_t parameters = 0;
  double forward_flops = 0;
  double backward_flops = 0;
  double memory_bound_bytes = 0;
  std::vector<MemoryTraffic> traffic;  // the same bytes by kind and working set
  std::int64_t kernels = 0;
  FrameworkCalls calls;
  std::int64_t kept_elements = 0;
  std::vector<LayerSummary> summaries;

  // Adds `times` copies of `other`; summaries of the same layers add up row by row.
  void accumulate(const StepWork& other, std::int64_t times, const SourcePosition& where);
  // Adds to memory_bound_bytes and to the traffic entry of that kind and working set.
  void add_memory_traffic(TrafficKind kind, double bytes, double working_set_bytes);
};

struct BuildContext {
  std::int64_t batch = 0;
  std::string dtype = "fp32";      // of GEMMs
  std::int64_t element_bytes = 4;  // of activations: 2 under mixed precision
  double optimizer_bytes_per_parameter = 0;  // moved by the optimizer's update
  double optimizer_once_per_step_bytes_per_parameter = 0;  // of those, the first reads and last writes
  double optimizer_working_set_per_parameter = 12;  // bytes its operations on one tensor touch
};

struct LayerResult {
  StepWork work;
  FeatureShape output;
};

// One copy of `layer` on `input`. `input_needs_grad` is false only for the
// model's own input, which needs no gradient (so its first layer computes no dX).
LayerResult build_layer(const LayerDescription& layer, const FeatureShape& input, bool input_needs_grad,
                        const BuildContext& context);

// `layer` with its repeat: the first copy, then repeat - 1 more (which must keep the shape).
LayerResult build_repeated_layer(const LayerDescription& layer, const FeatureShape& input, bool input_needs_grad,
                                 const BuildContext& context);

// Adds C = A·B (`forward`, `count` times) and its gradients: dA when `grad_a`, dB when `grad_b`.
// With `b_is_weight` the gradients are named dX and dW, as a framework's Linear computes them.
// `batched`: the count runs as one batched kernel; `convolution`: the convolution
// whose implicit GEMM this is (none for a plain matrix product).
void add_matmul(StepWork& work, const std::string& layer, const GemmShape& forward, std::int64_t count, bool grad_a,
                bool grad_b, bool b_is_weight, bool batched = false, const ConvShape* convolution = nullptr);

}  // namespace advise
