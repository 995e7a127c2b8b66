#include "host_load.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace advise {
namespace {

double seconds_of(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; }

}  // namespace

std::optional<double> machine_busy_seconds(const std::string& proc_stat, double ticks_per_second) {
  std::istringstream lines(proc_stat);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("cpu ", 0) != 0) continue;
    std::istringstream fields(line.substr(4));
    // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (!(fields >> user >> nice >> system >> idle >> iowait >> irq >> softirq)) return std::nullopt;
    fields >> steal;  // absent on old kernels
    if (ticks_per_second <= 0) return std::nullopt;
    return (user + nice + system + irq + softirq + steal) / ticks_per_second;
  }
  return std::nullopt;
}

std::optional<CpuTimeSample> sample_cpu_time() {
  std::ifstream file("/proc/stat");
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  const auto busy = machine_busy_seconds(text.str(), static_cast<double>(sysconf(_SC_CLK_TCK)));
  rusage own{};
  if (!busy || getrusage(RUSAGE_SELF, &own) != 0) return std::nullopt;
  return CpuTimeSample{*busy, seconds_of(own.ru_utime) + seconds_of(own.ru_stime), std::chrono::steady_clock::now()};
}

double other_cores_between(const CpuTimeSample& before, const CpuTimeSample& after) {
  const double wall_s = std::chrono::duration<double>(after.at - before.at).count();
  if (wall_s <= 0) return 0;
  const double others_s = (after.machine_busy_s - before.machine_busy_s) - (after.own_s - before.own_s);
  return std::max(0.0, others_s / wall_s);
}

std::optional<double> HostLoad::other_cores() const {
  if (!start_) return std::nullopt;
  const auto now = sample_cpu_time();
  if (!now) return std::nullopt;
  return other_cores_between(*start_, *now);
}

}  // namespace advise
