#pragma once
// The double-precision references the arithmetic runs are checked against, and the
// bookkeeping of that check.

#include <oneapi/dnnl/dnnl.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace advise::detail {

// An activation function as oneDNN names it, with its value and derivative in double.
struct ActivationMath {
  dnnl::algorithm algorithm;
  float alpha = 0;
  double (*forward)(double) = nullptr;
  double (*derivative)(double) = nullptr;
};

// gelu (erf form), tanh, sigmoid or silu; null for anything else.
const ActivationMath* activation_math(const std::string& kind);

// `samples` indices spread over [0, n), each the first of its stretch shifted by a stride
// that reaches every cache line; fewer when n is smaller.
std::vector<std::int64_t> sample_indices(std::int64_t n, int samples);

// One LSTM cell entry: forward from the gate inputs (i, f, o, g before their nonlinearities)
// and the previous cell state, backward from the hidden state's gradient.
struct LstmCellReference {
  double h = 0, dc_prev = 0, d_input_gate = 0, d_candidate = 0;
  LstmCellReference(double i, double f, double o, double g, double c_prev, double dh);
};

// Compares results with their references; the first mismatch is the failure.
class ErrorCheck {
 public:
  explicit ErrorCheck(std::string what) : what_(std::move(what)) {}
  void compare(const char* result, std::int64_t index, double got, double expected);
  // "" with the largest relative error in `max_error`, or the first mismatch.
  std::string result(double& max_error) const;

 private:
  std::string what_;
  std::string failure_;
  double max_error_ = 0;
};

}  // namespace advise::detail
