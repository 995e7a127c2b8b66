#include "advisor/workload/framework_calls.hpp"

#include <algorithm>

#include "advisor/model/checked.hpp"

namespace advise {

const std::vector<std::string>& transcendental_activations() {
  static const std::vector<std::string> functions = {"gelu", "tanh", "sigmoid", "silu"};
  return functions;
}

bool is_transcendental_activation(const std::string& function) {
  const auto& functions = transcendental_activations();
  return std::find(functions.begin(), functions.end(), function) != functions.end();
}

void FrameworkCalls::add(const FrameworkCalls& other, std::int64_t times, const SourcePosition& where) {
  for (auto field : {&FrameworkCalls::dense, &FrameworkCalls::conv2d, &FrameworkCalls::pool,
                     &FrameworkCalls::sequence_pool, &FrameworkCalls::batch_norm, &FrameworkCalls::layer_norm,
                     &FrameworkCalls::activation, &FrameworkCalls::embedding, &FrameworkCalls::residual,
                     &FrameworkCalls::transformer, &FrameworkCalls::lstm, &FrameworkCalls::lstm_step,
                     &FrameworkCalls::parameter_tensors, &FrameworkCalls::casts}) {
    this->*field = checked_sum({this->*field, checked_product({other.*field, times}, where)}, where);
  }
  const double t = static_cast<double>(times);
  pooled_elements += other.pooled_elements * t;
  lstm_gate_elements += other.lstm_gate_elements * t;
  attention_elements += other.attention_elements * t;
  cast_elements += other.cast_elements * t;
  for (const auto& [function, elements] : other.activation_elements) activation_elements[function] += elements * t;
  for (const auto& [kind, elements] : other.normalized_elements) normalized_elements[kind] += elements * t;
  for (const auto& [kind, elements] : other.largest_tensor) note_tensor(kind, elements);
}

void FrameworkCalls::add_cast(double elements) {
  casts += 1;
  cast_elements += elements;
  note_tensor("cast", elements);
}

void FrameworkCalls::note_tensor(const std::string& kind, double elements) {
  double& largest = largest_tensor[kind];
  largest = std::max(largest, elements);
}

}  // namespace advise
