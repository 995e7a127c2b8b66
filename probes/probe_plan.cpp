#include "probe_plan.hpp"

#include <algorithm>
#include <numeric>

namespace advise {

std::int64_t gemm_bytes(const GemmShape& shape, std::int64_t bytes_per_element) {
  return bytes_per_element * (shape.m * shape.k + shape.k * shape.n + shape.m * shape.n);
}

// The largest dimension that may still be cut, or nullptr when none may.
static std::int64_t* largest_cuttable_dimension(GemmShape& shape, std::int64_t min_dimension) {
  std::int64_t* largest = nullptr;
  for (std::int64_t* dimension : {&shape.m, &shape.n, &shape.k}) {
    if (*dimension > min_dimension && (!largest || *dimension > *largest)) largest = dimension;
  }
  return largest;
}

ProbeShape plan_probe_shape(const GemmShape& shape, const ProbeLimits& limits) {
  GemmShape probed = shape;
  // Each pass cuts one dimension by at least a tile; real shapes need a few dozen passes at most.
  for (int pass = 0; pass < 200; ++pass) {
    const double bytes_ratio = static_cast<double>(gemm_bytes(probed, 4)) / static_cast<double>(limits.max_bytes);
    const double flops_ratio = probed.flops() / limits.max_flops;
    const double excess = std::max(bytes_ratio, flops_ratio);
    if (excess <= 1) break;
    std::int64_t* dimension = largest_cuttable_dimension(probed, limits.min_dimension);
    if (!dimension) break;  // every dimension is as small as saturation allows
    // Cut the largest dimension no further than the next largest, so the probed
    // shape stays as square as it can (skinny cuts run less efficiently than the original).
    const std::int64_t next_largest = std::max({probed.m == *dimension ? 0 : probed.m, probed.n == *dimension ? 0 : probed.n,
                                                probed.k == *dimension ? 0 : probed.k});
    double factor = std::min(excess, static_cast<double>(*dimension) / static_cast<double>(std::max<std::int64_t>(1, next_largest)));
    if (factor < 1.25) factor = std::min(excess, 2.0);
    std::int64_t target = static_cast<std::int64_t>(static_cast<double>(*dimension) / factor);
    target = target / limits.tile * limits.tile;
    *dimension = std::max(limits.min_dimension, std::min(target, *dimension - limits.tile));
  }
  return {probed, shape.flops() / probed.flops()};
}

std::vector<double> split_budget(const std::vector<double>& weights, double total_s, double min_s) {
  const std::size_t count = weights.size();
  std::vector<double> budget(count, min_s);
  if (count == 0) return budget;
  double remaining = total_s - min_s * static_cast<double>(count);
  if (remaining <= 0) return budget;
  const double weight_sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  for (std::size_t i = 0; i < count; ++i) {
    const double share = weight_sum > 0 ? weights[i] / weight_sum : 1.0 / static_cast<double>(count);
    budget[i] += remaining * share;
  }
  return budget;
}

}  // namespace advise
