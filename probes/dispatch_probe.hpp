#pragma once
// How fast this CPU runs an eager framework's bookkeeping around each operation:
// a registry lookup by name, a virtual call, a freshly allocated, reference-counted
// tensor record with its sizes and strides, and the release of an older one. One
// thread, no arithmetic to speak of: the kind of work whose cost per operation
// decides small models' step time on a CPU. Framework costs measured on one CPU
// carry over to another in proportion to this figure.

#include <string>

#include "measurement.hpp"

namespace advise {

struct DispatchMeasurement {
  double seconds_per_operation = 0;  // median of the samples of the quietest of five stretches
  int samples = 0;
  bool verified = false;  // every operation ran and left the record it should
  ProbeStatus status = ProbeStatus::skipped;
  std::string reason;
};

DispatchMeasurement probe_dispatch(double budget_s);

}  // namespace advise
