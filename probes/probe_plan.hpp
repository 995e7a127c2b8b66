#pragma once
// The scaled model: which shape to actually run for a requested shape, and
// how much of the probe's time budget each shape gets.

#include <cstdint>
#include <vector>

#include "measurement.hpp"

namespace advise {

struct ProbeLimits {
  std::int64_t max_bytes = 512LL << 20;  // A + B + C buffers of one probed GEMM
  double max_flops = 1e9;                // one call (~2 ms) stays well inside a shape's time budget
  std::int64_t min_dimension = 256;      // a cut dimension keeps enough work to saturate the device
  std::int64_t tile = 64;                // cut dimensions stay multiples of this
};

struct ProbeShape {
  GemmShape probed;
  double scale = 1;  // requested FLOPs / probed FLOPs
};

std::int64_t gemm_bytes(const GemmShape& shape, std::int64_t bytes_per_element);

// Cuts the largest dimension (repeatedly) until the shape fits the limits;
// dimensions never drop below min_dimension (or their original size, if smaller).
ProbeShape plan_probe_shape(const GemmShape& shape, const ProbeLimits& limits);

// Splits `total_s` across shapes in proportion to `weights` (e.g. each shape's
// share of the step's FLOPs), giving each at least `min_s`. Sums to
// max(total_s, shapes × min_s).
std::vector<double> split_budget(const std::vector<double>& weights, double total_s, double min_s);

}  // namespace advise
