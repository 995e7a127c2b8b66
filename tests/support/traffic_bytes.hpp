#pragma once
// Sums of a step's memory traffic, for tests about how its kinds are counted.

#include <vector>

#include "advisor/workload/workload.hpp"

namespace advise::testing {

// Bytes of `kind` in a step's traffic.
inline double bytes_of_kind(const std::vector<MemoryTraffic>& traffic, TrafficKind kind) {
  double bytes = 0;
  for (const auto& entry : traffic) {
    if (entry.kind == kind) bytes += entry.bytes;
  }
  return bytes;
}

// Bytes of every kind.
inline double all_bytes(const std::vector<MemoryTraffic>& traffic) {
  double bytes = 0;
  for (const auto& entry : traffic) bytes += entry.bytes;
  return bytes;
}

}  // namespace advise::testing
