#pragma once
// How much memory one probe call may ask for: a share of what this machine can
// give now, so that a probe on a small machine (or in a container with a memory
// limit) never pushes it into swap or the OOM killer, and never more than the
// probe's fixed cap, which keeps a call short on a large machine.

#include <cstdint>
#include <string>

namespace advise {

// Of the memory available, the share one probe call may use.
constexpr double kProbeMemoryShare = 0.125;
// Below this the probe still runs (tiny shapes), whatever the machine says.
constexpr std::int64_t kProbeMemoryFloor = 16LL << 20;

// Memory this process can use now: MemAvailable from `meminfo`, lowered to what a
// cgroup v2 limit leaves (`memory.max` − `memory.current` in `cgroup_dir`); 0 when unknown.
std::int64_t available_memory_bytes(const std::string& meminfo = "/proc/meminfo",
                                    const std::string& cgroup_dir = "/sys/fs/cgroup");

// kProbeMemoryShare of `available_bytes`, between kProbeMemoryFloor and `fixed_cap`;
// `fixed_cap` when the available memory is unknown (0).
std::int64_t probe_memory_cap(std::int64_t available_bytes, std::int64_t fixed_cap);

}  // namespace advise
