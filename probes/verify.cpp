#include "verify.hpp"

#include <cmath>
#include <random>
#include <sstream>

namespace advise {

// Relative to Σ|a·b|, an fp32 dot product of length K is off by at most about
// K·2⁻²⁴ in the worst case and √K·2⁻²⁴ typically; 1e-3 leaves room for blocked
// summation orders while still catching a single wrong product of unit size.
static double tolerance(std::int64_t k) {
  return std::max(1e-3, 4.0 * std::sqrt(static_cast<double>(k)) * 6e-8);
}

VerifyResult verify_gemm_sampled(const GemmShape& shape, const float* a, const float* b, const float* c,
                                 int samples, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<std::int64_t> pick_row(0, shape.m - 1);
  std::uniform_int_distribution<std::int64_t> pick_col(0, shape.n - 1);
  VerifyResult result;
  result.ok = true;
  for (int s = 0; s < samples; ++s) {
    const std::int64_t i = pick_row(random);
    const std::int64_t j = pick_col(random);
    double reference = 0;
    double magnitude = 0;
    for (std::int64_t p = 0; p < shape.k; ++p) {
      const double a_ip = shape.a_transposed ? a[p * shape.m + i] : a[i * shape.k + p];
      const double b_pj = shape.b_transposed ? b[j * shape.k + p] : b[p * shape.n + j];
      reference += a_ip * b_pj;
      magnitude += std::abs(a_ip * b_pj);
    }
    const double got = c[i * shape.n + j];
    const double error = std::abs(got - reference) / std::max(magnitude, 1e-30);
    if (!(error <= tolerance(shape.k))) {  // also catches NaN
      std::ostringstream reason;
      reason << "result check failed at C[" << i << "," << j << "]: expected " << reference << ", got "
             << got;
      result.ok = false;
      result.reason = reason.str();
      result.max_relative_error = std::isnan(error) ? INFINITY : error;
      return result;
    }
    result.max_relative_error = std::max(result.max_relative_error, error);
  }
  return result;
}

}  // namespace advise
