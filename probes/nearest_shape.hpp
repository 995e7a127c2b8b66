#pragma once
// A GEMM shape that was not timed, estimated from the nearest one that was: the
// same fraction of peak as the measured shape of the same precision closest in
// log M, log N and log K (same operand layouts preferred). Used for shapes from
// --probe-results files and for shapes the probe had no budget left to time.

#include <vector>

#include "measurement.hpp"

namespace advise {

// The verified measurement of `shape`'s precision nearest to it in `measured`, or null.
const Measurement* nearest_measured(const GemmShape& shape, const std::vector<Measurement>& measured);

// `shape` at `nearest`'s fraction of peak, marked `estimated`, its reason naming `nearest`.
Measurement estimate_from(const GemmShape& shape, const Measurement& nearest, const CpuFacts& cpu);

}  // namespace advise
