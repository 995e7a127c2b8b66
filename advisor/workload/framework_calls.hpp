#pragma once
// What an eager framework dispatches in a step, counted by layer kind: the
// prediction stage prices these on a CPU (advisor/predict/framework_costs.hpp).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pricing/input_error.hpp"

namespace advise {

// The activation functions that compute a transcendental per element (erf, tanh, exp):
// compute-bound on a CPU, so their elements are counted for a measured rate.
const std::vector<std::string>& transcendental_activations();
bool is_transcendental_activation(const std::string& function);

// Copies of each layer kind, LSTM time steps (per direction) and parameter tensors the
// optimizer updates one by one.
struct FrameworkCalls {
  std::int64_t dense = 0, conv2d = 0, pool = 0, sequence_pool = 0, batch_norm = 0, layer_norm = 0, activation = 0,
               embedding = 0, residual = 0, transformer = 0, lstm = 0, lstm_step = 0;
  std::int64_t parameter_tensors = 0;
  // Mixed precision's casts (autocast): each is a tensor cast to 16 bits forward and its gradient
  // cast back to fp32 in the backward pass; the elements of all of them.
  std::int64_t casts = 0;
  double cast_elements = 0;
  double pooled_elements = 0;     // input elements of windowed 2D pools
  double lstm_gate_elements = 0;  // gate values of all LSTM steps and directions
  double attention_elements = 0;  // tokens x model features of all multi-head attentions
  // Elements through each transcendental activation function, forward and backward counted once.
  std::map<std::string, double> activation_elements;
  // Elements through batch norms, layer norms, attention's softmaxes and the loss: "batch_norm",
  // "layer_norm", "softmax", "cross_entropy"; forward and backward counted once.
  std::map<std::string, double> normalized_elements;
  // The largest tensor one call of each kind of arithmetic works on (probes/arithmetic_probe.hpp's
  // kinds): the probe times each kind at that size.
  std::map<std::string, double> largest_tensor;

  // Notes a call of `kind` on `elements` elements.
  void note_tensor(const std::string& kind, double elements);

  // Counts a cast of `elements` to 16 bits and of their gradient back.
  void add_cast(double elements);

  // Adds `times` copies of `other`; counts that overflow are an InputError at `where`.
  void add(const FrameworkCalls& other, std::int64_t times, const SourcePosition& where);
};

}  // namespace advise
