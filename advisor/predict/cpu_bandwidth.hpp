#pragma once
// Memory-bound time on a CPU. A pass whose data fits the caches runs at the
// bandwidth the triad measured at that working set, several times memory
// bandwidth; small models' elementwise and optimizer passes are such passes.

#include <utility>
#include <vector>

#include "advisor/workload/workload.hpp"
#include "advisor/predict/framework_costs.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// This CPU's bandwidth by working set: the measured curve, then memory bandwidth.
class CpuBandwidth {
 public:
  explicit CpuBandwidth(const MachineProfile& profile);

  // Bytes per second for a pass over `working_set_bytes`: between measured points
  // interpolated (time per byte, linear in the log of the size); below the curve its
  // smallest point, beyond it memory bandwidth.
  double at(double working_set_bytes) const;
  // The share of such a pass's bytes the caches serve, from 0 (memory bandwidth) to 1
  // (the fastest point): what carries over to another CPU with other bandwidths.
  double cache_share(double working_set_bytes) const;
  double memory() const { return memory_; }
  double fastest() const { return fastest_; }

 private:
  std::vector<std::pair<double, double>> points_;  // working set, bytes per second; ascending
  double memory_ = 0;
  double fastest_ = 0;
};

// The bytes per second of a `traffic` pass on this CPU under `costs`' framework: the triad's at
// its working set, at most the framework's own elementwise rate for elementwise passes (carried
// here by the triad at the rate's working set when it was measured elsewhere).
double framework_traffic_rate(const MemoryTraffic& traffic, const CpuBandwidth& bandwidth,
                              const CpuFrameworkCosts& costs);

// The step's traffic that runs at bandwidth on a CPU: all but pooling and LSTM
// cells where the framework costs give a measured rate instead (cpu_framework.hpp).
std::vector<MemoryTraffic> cpu_memory_traffic(const Workload& workload, const CpuFrameworkCosts& costs);

}  // namespace advise
