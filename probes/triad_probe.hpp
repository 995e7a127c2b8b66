#pragma once
// Memory bandwidth of this machine: a STREAM-style triad a = b + s·c over
// arrays far larger than the last-level cache, on all probe threads.

#include <cstdint>

#include "measurement.hpp"

namespace advise {

// Counts 24 bytes per element (two reads, one write; write-allocate traffic is
// not counted, as in STREAM). Checks the result before reporting a rate.
BandwidthMeasurement probe_triad(std::int64_t elements_per_array, double budget_s);

}  // namespace advise
