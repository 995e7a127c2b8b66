#pragma once
// Memory bandwidth of this machine: a STREAM-style triad a = b + s·c on all
// probe threads, over arrays far larger than the last-level cache (memory) and
// over working sets small enough for the caches (what short passes over small
// tensors see).

#include <cstdint>
#include <vector>

#include "measurement.hpp"

namespace advise {

// Counts 24 bytes per element (two reads, one write; write-allocate traffic is
// not counted, as in STREAM). Checks the result before reporting a rate.
BandwidthMeasurement probe_triad(std::int64_t elements_per_array, double budget_s);

// The triad at working sets (three arrays) from 768 KiB to 96 MiB, ascending,
// `budget_s` shared among them. A point that fails is kept with its reason.
std::vector<BandwidthMeasurement> probe_bandwidth_curve(double budget_s);

}  // namespace advise
