#pragma once
// A checked triad measurement, for tests about the bandwidth curve.

#include <cstdint>

#include "probes/measurement.hpp"

namespace advise::testing {

// `array_bytes` per array (a working set of three), read at `bytes_per_s`, verified.
inline BandwidthMeasurement triad_point(std::int64_t array_bytes, double bytes_per_s) {
  BandwidthMeasurement point;
  point.array_bytes = array_bytes;
  point.bytes_per_s_median = point.bytes_per_s_best = bytes_per_s;
  point.samples = 5;
  point.verified = true;
  point.status = ProbeStatus::ok;
  return point;
}

}  // namespace advise::testing
