#pragma once
// Gives a machine profile one checked GEMM time per distinct shape of a
// workload, all `seconds` long, for tests about the rest of a prediction.

#include "advisor/workload/workload.hpp"
#include "probes/machine_probe.hpp"

namespace advise::testing {

inline void add_invented_gemms(MachineProfile& profile, const Workload& workload, double seconds) {
  for (const ShapeCount& entry : distinct_shapes(workload)) {
    Measurement m;
    m.shape = m.probed = entry.shape;
    m.status = ProbeStatus::ok;
    m.verified = true;
    m.seconds_median = m.seconds_min = m.seconds_max = seconds;
    profile.gemms.push_back(m);
  }
}

}  // namespace advise::testing
