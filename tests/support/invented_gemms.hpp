#pragma once
// Gives a machine profile one checked GEMM time per distinct shape of a
// workload, all `seconds` long, for tests about the rest of a prediction.

#include "advisor/workload.hpp"
#include "probes/machine_probe.hpp"

namespace advise::testing {

inline void add_invented_gemms(MachineProfile& profile, const Workload& workload, double seconds) {
  for (std::size_t i = 0; i < distinct_shapes(workload).size(); ++i) {
    Measurement m;
    m.status = ProbeStatus::ok;
    m.verified = true;
    m.seconds_median = m.seconds_min = m.seconds_max = seconds;
    profile.gemms.push_back(m);
  }
}

}  // namespace advise::testing
