#include "probes/detail/arithmetic_checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace advise::detail {
namespace {

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
double sigmoid_derivative(double x) { return sigmoid(x) * (1 - sigmoid(x)); }
double tanh_value(double x) { return std::tanh(x); }
double tanh_derivative(double x) { return 1 - std::tanh(x) * std::tanh(x); }
double gelu(double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }
double gelu_derivative(double x) {
  const double pi = 3.14159265358979323846;
  return 0.5 * (1 + std::erf(x / std::sqrt(2.0))) + x * std::exp(-0.5 * x * x) / std::sqrt(2 * pi);
}
double silu(double x) { return x * sigmoid(x); }
double silu_derivative(double x) { return sigmoid(x) * (1 + x * (1 - sigmoid(x))); }

// A result is wrong beyond this relative error (oneDNN's own kernels stay within about 1e-6;
// near zero the error is taken against 0.05, the scale of a small activation).
constexpr double kTolerance = 2e-3;
constexpr double kSmallestScale = 0.05;

}  // namespace

const ActivationMath* activation_math(const std::string& kind) {
  static const std::map<std::string, ActivationMath> functions = {
      {"gelu", {dnnl::algorithm::eltwise_gelu_erf, 0.f, gelu, gelu_derivative}},
      {"tanh", {dnnl::algorithm::eltwise_tanh, 0.f, tanh_value, tanh_derivative}},
      {"sigmoid", {dnnl::algorithm::eltwise_logistic, 0.f, sigmoid, sigmoid_derivative}},
      {"silu", {dnnl::algorithm::eltwise_swish, 1.f, silu, silu_derivative}},
  };
  const auto found = functions.find(kind);
  return found == functions.end() ? nullptr : &found->second;
}

std::vector<std::int64_t> sample_indices(std::int64_t n, int samples) {
  std::vector<std::int64_t> indices;
  const std::int64_t count = std::min<std::int64_t>(n, std::max(samples, 1));
  for (std::int64_t s = 0; s < count; ++s) indices.push_back((s * n / count + 17 * s) % n);
  return indices;
}

LstmCellReference::LstmCellReference(double i, double f, double o, double g, double c_prev, double dh) {
  const double si = sigmoid(i), sf = sigmoid(f), so = sigmoid(o), tg = std::tanh(g);
  const double c = sf * c_prev + si * tg;
  h = so * std::tanh(c);
  const double dc = dh * so * (1 - std::tanh(c) * std::tanh(c));
  dc_prev = dc * sf;
  d_input_gate = dc * tg * si * (1 - si);
  d_candidate = dc * si * (1 - tg * tg);
}

void ErrorCheck::compare(const char* result, std::int64_t index, double got, double expected) {
  const double error = std::abs(got - expected) / std::max(std::abs(expected), kSmallestScale);
  if (std::isfinite(error)) max_error_ = std::max(max_error_, error);
  if ((error <= kTolerance) || !failure_.empty()) return;
  std::ostringstream text;
  text << "wrong result from " << what_ << ": " << result << " entry " << index << " is " << got << ", expected "
       << expected;
  failure_ = text.str();
}

std::string ErrorCheck::result(double& max_error) const {
  max_error = max_error_;
  return failure_;
}

}  // namespace advise::detail
