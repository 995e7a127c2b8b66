#pragma once
// Checks a GEMM result against a double-precision reference on sampled entries.
// A probe reports a time only for a result that passes this check.

#include <cstdint>
#include <string>

#include "measurement.hpp"

namespace advise {

struct VerifyResult {
  bool ok = false;
  double max_relative_error = 0;  // |c - ref| / Σ|a·b| over the sampled entries
  std::string reason;             // the first bad entry, when not ok
};

// a, b, c are fp32 buffers laid out as `shape` says (row-major; transposed
// operands stored transposed). Samples `samples` entries chosen from `seed`.
VerifyResult verify_gemm_sampled(const GemmShape& shape, const float* a, const float* b, const float* c,
                                 int samples, std::uint64_t seed);

}  // namespace advise
