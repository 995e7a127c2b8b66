#pragma once
// What the layer kinds share: located shape errors, and the memory-bound passes
// (elementwise work, activations, bias) they add to a step.

#include <cstdint>
#include <initializer_list>
#include <string>

#include "advisor/workload/layers/layer.hpp"

namespace advise {

// Throws the InputError at `layer`'s `field` (the layer itself when empty).
[[noreturn]] void fail(const LayerDescription& layer, const std::string& field, const std::string& problem);

// "the output of layer[3] (64x56x56)".
std::string describe_source(const FeatureShape& shape);

std::string dims_text(std::int64_t a, std::int64_t b);  // "28x28"

// Channels of an image, features of a sequence or a vector.
std::int64_t channel_count(const FeatureShape& shape);

// Output size of a sliding window; checks the window fits the padded input.
std::int64_t window_output(const LayerDescription& layer, std::int64_t size, std::int64_t other);

// The sequence length of a sequence layer: from the previous layer, or declared when it is the first.
std::int64_t sequence_length(const LayerDescription& layer, const FeatureShape& input, std::int64_t features,
                             const char* features_field);

// Memory-bound passes over `elements` activations, each pass reading or writing them once;
// a pass works on about three such tensors (an input, a saved value or gradient, an output).
void add_passes(StepWork& work, const BuildContext& context, double elements, double passes,
                TrafficKind kind = TrafficKind::elementwise);

// Elementwise layer work: forward reads and writes, backward reads dY (and saved values) and writes dX.
void add_elementwise(StepWork& work, const BuildContext& context, double elements, double forward_passes,
                     double backward_passes, std::int64_t kernels);

// An activation function over `elements`: forward reads and writes, backward reads dY and the
// saved values and writes dX. A CPU computes gelu, tanh, sigmoid and silu well below memory
// bandwidth, so their elements are also counted for its measured rates.
void add_activation(StepWork& work, const BuildContext& context, const std::string& function, double elements);

// A softmax over `elements` scores, forward (reads, writes) and backward (reads the output and its
// gradient, writes dX): two kernels, its elements counted for a CPU's measured softmax rate.
void add_softmax(StepWork& work, const BuildContext& context, double elements);

// Under mixed precision (bf16 or fp16 GEMMs), the casts autocast makes each step of tensors a
// GEMM reads in fp32: each tensor of `elements` to 16 bits, and its gradient back (a CPU prices
// them at a measured rate); nothing in full precision.
void add_casts(StepWork& work, const BuildContext& context, std::initializer_list<double> elements);

// A dense or conv2d layer's bias and activation over its `outputs_per_step`, and its tensors.
void add_bias_and_activation(StepWork& work, const BuildContext& context, const LayerDescription& layer,
                             std::int64_t outputs_per_step);

}  // namespace advise
