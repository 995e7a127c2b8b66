#include "arithmetic_pass.hpp"

#include <algorithm>

namespace advise {

void measure_arithmetic(MachineProfile& profile, CachedProfile& cache, const std::vector<ArithmeticRequest>& requests,
                        double probe_seconds, const ArithmeticProbeOptions& options, const ProbeProgress& report) {
  std::vector<ArithmeticRequest> pending;
  for (const ArithmeticRequest& request : requests) {
    const auto cached = std::find_if(cache.arithmetic.begin(), cache.arithmetic.end(),
                                     [&](const ArithmeticMeasurement& m) { return m.request == request; });
    if (cached == cache.arithmetic.end()) {
      pending.push_back(request);
      continue;
    }
    profile.arithmetic.push_back(*cached);
    profile.arithmetic.back().cached = true;
  }
  if (pending.empty()) return;
  const double each = std::clamp(probe_seconds * kArithmeticShare / static_cast<double>(pending.size()),
                                 kMinArithmeticSeconds, kMaxArithmeticSeconds);
  for (const ArithmeticRequest& request : pending) {
    report("measuring " + request.kind + " on " + std::to_string(request.elements) + " elements");
    const ArithmeticMeasurement measurement = probe_arithmetic(request, each, options);
    profile.arithmetic.push_back(measurement);
    if (measurement.status == ProbeStatus::ok && measurement.verified) cache.arithmetic.push_back(measurement);
  }
}

}  // namespace advise
