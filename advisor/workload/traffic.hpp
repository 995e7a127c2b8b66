#pragma once
// Memory-bound work of a step by the data it touches at once: a CPU serves
// passes whose working set fits its caches several times faster than memory.

#include <limits>
#include <vector>

namespace advise {

enum class TrafficKind {
  elementwise,        // activations, residual adds, embedding gathers
  pooling,            // windowed 2D pools (on a CPU, a measured rate replaces their traffic)
  lstm_cell,          // LSTM gate and cell updates (likewise)
  activation_math,    // gelu, tanh, sigmoid and silu activations (likewise)
  attention_reshape,  // multi-head attention's head split and merge copies (likewise)
  batch_norm,         // batch normalisation's statistics, normalisation and backward (likewise)
  layer_norm,         // layer normalisation's, likewise
  softmax,            // attention's softmax and its backward (likewise)
  cross_entropy,      // the loss: log-softmax over the classes, its likelihood and backward (likewise)
  optimizer,          // the optimizer's update of one layer copy's parameters
  recurrent_weight_gradient,  // an eager LSTM's per-step sum of its recurrent weight gradient
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

}  // namespace advise
