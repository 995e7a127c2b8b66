#include "nearest_shape.hpp"

#include <cmath>
#include <limits>
#include <sstream>

namespace advise {
namespace {

double log_distance(const GemmShape& a, const GemmShape& b) {
  const auto term = [](std::int64_t x, std::int64_t y) {
    return std::abs(std::log(static_cast<double>(x)) - std::log(static_cast<double>(y)));
  };
  double distance = term(a.m, b.m) + term(a.n, b.n) + term(a.k, b.k);
  // A different layout runs up to a third slower on some CPUs: count it like a 40 % size difference.
  if (a.a_transposed != b.a_transposed || a.b_transposed != b.b_transposed) distance += 0.35;
  return distance;
}

}  // namespace

const Measurement* nearest_measured(const GemmShape& shape, const std::vector<Measurement>& measured) {
  const Measurement* nearest = nullptr;
  double best = std::numeric_limits<double>::infinity();
  for (const auto& m : measured) {
    if (m.status != ProbeStatus::ok || !m.verified || m.estimated || m.shape.dtype != shape.dtype) continue;
    const double distance = log_distance(shape, m.shape);
    if (distance < best) {
      best = distance;
      nearest = &m;
    }
  }
  return nearest;
}

Measurement estimate_from(const GemmShape& shape, const Measurement& nearest, const CpuFacts& cpu) {
  // Same fraction of peak as the nearest measured shape.
  const double efficiency = nearest.flops_per_s() / cpu.peak_for(nearest.probed.dtype);
  Measurement estimate = nearest;
  estimate.shape = shape;
  const double seconds = shape.flops() / (efficiency * cpu.peak_for(nearest.probed.dtype));
  const double ratio = seconds / nearest.seconds_median;
  estimate.seconds_median = seconds;
  estimate.seconds_min = nearest.seconds_min * ratio;
  estimate.seconds_max = nearest.seconds_max * ratio;
  estimate.scale = 1;
  estimate.cached = false;
  estimate.estimated = true;
  std::ostringstream reason;
  reason << "estimated from the nearest measured shape " << nearest.shape << " ("
         << std::lround(100 * efficiency) << "% of peak)";
  estimate.reason = reason.str();
  return estimate;
}

}  // namespace advise
