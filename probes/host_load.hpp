#pragma once
// How much of the machine other work took while we probed. A shared machine's neighbours (other
// processes, or on a virtual machine the hypervisor's steal) slow every probe down, and figures
// measured then would be cached as this machine's. The kernel's CPU time counters (/proc/stat),
// less this process's own CPU time, tell how many cores others held.

#include <chrono>
#include <optional>
#include <string>

namespace advise {

// The machine's busy CPU time (user, nice, system, irq, softirq and steal of all cores) and this
// process's own (all its threads), both in seconds, at one moment.
struct CpuTimeSample {
  double machine_busy_s = 0;
  double own_s = 0;
  std::chrono::steady_clock::time_point at;
};

// The busy seconds of the aggregate "cpu " line of /proc/stat's text; nullopt when it has none.
// `ticks_per_second` is the kernel's USER_HZ (sysconf(_SC_CLK_TCK)).
std::optional<double> machine_busy_seconds(const std::string& proc_stat, double ticks_per_second);

// Now; nullopt where /proc/stat cannot be read (not Linux).
std::optional<CpuTimeSample> sample_cpu_time();

// Cores other work held on average between two samples (never below 0).
double other_cores_between(const CpuTimeSample& before, const CpuTimeSample& after);

// Above this many cores held by others on average, a probe's figures are not kept for later
// runs: half a core is more than a quiet machine's background (well under a tenth of a core)
// and less than the one busy process that slowed a 2-core machine's probes by a third.
inline constexpr double kBusyOtherCores = 0.5;

// Measures other work from construction to `other_cores()`; nullopt where it cannot be read.
class HostLoad {
 public:
  HostLoad() : start_(sample_cpu_time()) {}
  std::optional<double> other_cores() const;

 private:
  std::optional<CpuTimeSample> start_;
};

}  // namespace advise
