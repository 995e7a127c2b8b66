#pragma once
// The work of a training step as it is built up layer by layer: GEMMs, memory
// traffic, framework calls, activations kept for backward, and the --explain rows.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "advisor/workload/explain_rows.hpp"
#include "advisor/workload/framework_calls.hpp"
#include "advisor/workload/gemm.hpp"
#include "advisor/workload/traffic.hpp"
#include "pricing/input_error.hpp"

namespace advise {

// The per-example shape flowing between layers: [features], [positions,
// features] or [channels, height, width]; empty before the first layer.
struct FeatureShape {
  std::vector<std::int64_t> dims;
  std::string from;      // the layer that produced it, for error messages
  SourcePosition where;  // that layer's place in the model file

  // Per example; an InputError at `where` when it overflows 64 bits.
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

  // Adds the work of other layers; their --explain rows follow this work's rows.
  void add_layers(const StepWork& other, const SourcePosition& where);
  // Adds `times` more copies of the same layers; their rows add up row by row.
  void add_copies(const StepWork& other, std::int64_t times, const SourcePosition& where);
  // Adds to memory_bound_bytes and to the traffic entry of that kind and working set.
  void add_memory_traffic(TrafficKind kind, double bytes, double working_set_bytes);

 private:
  void add_work(const StepWork& other, std::int64_t times, const SourcePosition& where);
  // The entry of `gemms` with the same layer, role, shape and kernel batch as `gemm`, or null. An index by
  // that key, brought up to date on each call, keeps a model of many layers linear.
  WorkloadGemm* same_gemm(const WorkloadGemm& gemm);

  std::unordered_map<std::string, std::size_t> gemm_index_;
  std::size_t indexed_gemms_ = 0;  // gemms[0, indexed_gemms_) are in the index
};

// Adds C = A·B (`forward`, `count` times) and its gradients: dA when `grad_a`, dB when `grad_b`.
// With `b_is_weight` the gradients are named dX and dW, as a framework's Linear computes them.
// `batched`: the count runs as one batched kernel; `convolution`: the convolution
// whose implicit GEMM this is (none for a plain matrix product).
void add_matmul(StepWork& work, const std::string& layer, const GemmShape& forward, std::int64_t count, bool grad_a,
                bool grad_b, bool b_is_weight, bool batched = false, const ConvShape* convolution = nullptr);

}  // namespace advise
