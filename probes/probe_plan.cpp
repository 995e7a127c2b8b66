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
  // Each pass halves (or more) the largest dimension; 200 passes cover any int64 shape.
  for (int pass = 0; pass < 200; ++pass) {
    const double bytes_ratio = static_cast<double>(gemm_bytes(probed, 4)) / static_cast<double>(limits.max_bytes);
    const double flops_ratio = probed.flops() / limits.max_flops;
    const double excess = std::max(bytes_ratio, flops_ratio);
    if (excess <= 1) break;
    std::int64_t* dimension = largest_cuttable_dimension(probed, limits.min_dimension);
    if (!dimension) break;  // every dimension is as small as saturation allows
    // Cutting one dimension by f shrinks FLOPs by f and bytes by at most f.
    std::int64_t target = static_cast<std::int64_t>(static_cast<double>(*dimension) / excess);
    target = target / limits.tile * limits.tile;
    *dimension = std::max(limits.min_dimension, std::min(target, *dimension / 2));
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
