#pragma once
// The double-precision reference for sampled entries of a convolution pass's
// result, and the check of a result against it.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "probes/detail/conv_run.hpp"

namespace advise::detail {

// Sum over the sampled entry and the magnitude of its terms, in double.
struct Reference {
  double value = 0;
  double magnitude = 0;
  void add(double a, double b) {
    value += a * b;
    magnitude += std::abs(a * b);
  }
};

// The reference for output entry `index` (plain layout) of `run`'s pass.
Reference reference_entry(const ConvRun& run, std::int64_t index);

// Checks `samples` sampled entries of `result`; returns the failure, or "" with the largest
// relative error in `max_error`.
std::string check(const ConvRun& run, const std::vector<float>& result, int samples, double& max_error);

}  // namespace advise::detail
