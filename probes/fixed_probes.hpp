#pragma once
// The probes a session runs once per machine (later sessions take them from the cache):
// clock and peaks, the dispatch probe, memory bandwidth, bandwidth by working set and a
// reference GEMM. Their budgets are a share of the session's `--probe-seconds`, so that the
// whole session keeps to it; each share stays within bounds that keep its figure sound.

#include <optional>

#include "host_load.hpp"
#include "machine_probe.hpp"
#include "probe_cache.hpp"

namespace advise {

struct FixedProbeBudgets {
  double dispatch_s = 0.25;
  double triad_s = 0.25;
  double curve_s = 0.25;
  double reference_s = 0.25;
};

// Of the session's budget, the share the fixed probes get (their clocks and peak loops take
// about 0.15 s more, and each probe's set-up comes on top).
constexpr double kFixedProbeShare = 0.25;

// kFixedProbeShare of `probe_seconds`: two fifths to the dispatch probe (its figure scales every
// framework cost, and a shared machine's noise moves it most), a fifth to each of the others;
// each between 0.05 and 0.25 s.
FixedProbeBudgets fixed_probe_budgets(double probe_seconds);

// Whether the memory probe's arrays reached beyond the caches (64 MiB each and more); a small
// machine's memory cap holds them smaller, and then they measure a cache.
bool reached_memory(const BandwidthMeasurement& bandwidth);

// Whether a triad `point` read at less than half of `memory`'s bandwidth: the caches are never
// slower than memory, so it waited for its time slices behind other work on the cores (every
// size then takes about the same time: 0.1 GB/s at 768 KiB). Within half, it may be noise, or a
// sanitizer build's triad, bound by its checks at every size.
bool slower_than_memory(const BandwidthMeasurement& point, const BandwidthMeasurement& memory);

// Whether a working set the caches hold (at most kLargestCacheWorkingSet) read slower than
// memory: the machine was busy while probing, and its figures may all read slow, or the probe's
// own threads slept between passes.
inline constexpr std::int64_t kLargestCacheWorkingSet = 3LL << 20;
bool cache_slower_than_memory(const MachineProfile& profile);

// Why a cache point read slower than memory. Other work on the cores makes every figure read
// slow; OpenMP threads that sleep between parallel regions (OMP_WAIT_POLICY=PASSIVE) make only
// short passes slow, which is this process's own doing: its figures hold, less those points.
// Without a reading of the machine's load (`other_cores`: nullopt), other work is assumed.
enum class SlowCacheCause { none, other_work, own_waits };
SlowCacheCause slow_cache_cause(const MachineProfile& profile, std::optional<double> other_cores);

// CPU facts, bandwidths and the reference GEMM: from `cache` when it has them all, else
// measured (calls within profile.probe_memory_cap) and, when all were checked and no other work
// slowed them (slow_cache_cause, with `load` since it started), added to it (else a warning says
// why not).
void measure_cpu_facts(MachineProfile& profile, CachedProfile& cache, int threads, const FixedProbeBudgets& budgets,
                       const ProbeProgress& report, const HostLoad& load);

}  // namespace advise
