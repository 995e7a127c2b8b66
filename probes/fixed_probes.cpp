#include "fixed_probes.hpp"

#include <algorithm>

#include "cpu_info.hpp"
#include "cpu_probe.hpp"
#include "triad_probe.hpp"

namespace advise {
namespace {

// Each array 16 MiB per thread used (a thread's share of any last-level cache is at most some
// 12 MiB), between 64 and 128 MiB: far beyond the caches the threads can reach, and no more
// memory to first-touch than that (some virtual machines take a second for 384 MiB of page
// faults); fewer where the probe's memory cap is lower.
constexpr std::int64_t kTriadElementsPerThread = 2LL << 20;
constexpr std::int64_t kFewestTriadElements = 8LL << 20;
constexpr std::int64_t kMostTriadElements = 16LL << 20;

std::int64_t triad_elements(int threads, std::int64_t memory_cap_bytes) {
  const std::int64_t wanted = std::clamp(kTriadElementsPerThread * std::max(threads, 1), kFewestTriadElements,
                                         kMostTriadElements);
  return std::min<std::int64_t>(wanted, memory_cap_bytes / (3 * sizeof(double)));
}

}  // namespace

bool reached_memory(const BandwidthMeasurement& bandwidth) {
  return bandwidth.status == ProbeStatus::ok &&
         bandwidth.array_bytes >= kFewestTriadElements * static_cast<std::int64_t>(sizeof(double));
}

bool slower_than_memory(const BandwidthMeasurement& point, const BandwidthMeasurement& memory) {
  return reached_memory(memory) && point.status == ProbeStatus::ok &&
         point.bytes_per_s_median < memory.bytes_per_s_median / 2;
}

bool cache_slower_than_memory(const MachineProfile& profile) {
  return std::any_of(profile.bandwidth_curve.begin(), profile.bandwidth_curve.end(), [&](const BandwidthMeasurement& p) {
    return p.working_set_bytes() <= kLargestCacheWorkingSet && slower_than_memory(p, profile.bandwidth);
  });
}

SlowCacheCause slow_cache_cause(const MachineProfile& profile, std::optional<double> other_cores) {
  if (!cache_slower_than_memory(profile)) return SlowCacheCause::none;
  return other_cores && *other_cores <= kBusyOtherCores ? SlowCacheCause::own_waits : SlowCacheCause::other_work;
}

FixedProbeBudgets fixed_probe_budgets(double probe_seconds) {
  const double fifth = probe_seconds * kFixedProbeShare / 5;
  const double other = std::clamp(fifth, 0.05, 0.25);
  return {std::clamp(2 * fifth, 0.05, 0.25), other, other, other};
}

void measure_cpu_facts(MachineProfile& profile, CachedProfile& cache, int threads, const FixedProbeBudgets& budgets,
                       const ProbeProgress& report, const HostLoad& load) {
  if (cache.cpu && cache.bandwidth && cache.bandwidth_curve && cache.reference_gemm) {
    profile.cpu = *cache.cpu;
    profile.bandwidth = *cache.bandwidth;
    profile.bandwidth_curve = *cache.bandwidth_curve;
    profile.reference_gemm = *cache.reference_gemm;
    profile.facts_from_cache = true;
    return;
  }
  report("measuring CPU clock and FMA peak");
  profile.cpu = discover_cpu(threads, budgets.dispatch_s);
  if (profile.cpu.dispatch_seconds <= 0) {
    profile.warnings.push_back("the dispatch probe gave no figure: framework costs will not be scaled to this CPU");
  }
  report("measuring memory bandwidth");
  profile.bandwidth = probe_triad(triad_elements(profile.cpu.threads_used, profile.probe_memory_cap), budgets.triad_s);
  report("measuring cache bandwidth by working set");
  profile.bandwidth_curve = probe_bandwidth_curve(budgets.curve_s);
  report("measuring a 2048x2048x2048 fp32 GEMM");
  CpuProbeOptions reference;
  reference.limits.max_bytes = profile.probe_memory_cap;
  profile.reference_gemm = probe_cpu_gemm({2048, 2048, 2048, false, false, "fp32"}, budgets.reference_s, reference);
  switch (slow_cache_cause(profile, load.other_cores())) {
    case SlowCacheCause::other_work:
      profile.warnings.push_back(
          "the cache bandwidth read slower than memory: other work held the cores while probing, so this "
          "machine's figures may read slow; they are not kept, and the next run measures them again");
      return;
    case SlowCacheCause::own_waits:
      profile.warnings.push_back(
          "the cache bandwidth read slower than memory for small working sets with no other work on the cores: "
          "OpenMP threads that sleep between passes (OMP_WAIT_POLICY=PASSIVE) do that; those points are left out");
      break;
    case SlowCacheCause::none:
      break;
  }
  // Only facts that were all measured and checked are kept for the next run.
  const bool checked = profile.bandwidth.status == ProbeStatus::ok && profile.bandwidth.verified &&
                       profile.reference_gemm.status == ProbeStatus::ok && profile.reference_gemm.verified;
  if (!checked) return;
  cache.cpu = profile.cpu;
  cache.bandwidth = profile.bandwidth;
  cache.bandwidth_curve = profile.bandwidth_curve;
  cache.reference_gemm = profile.reference_gemm;
}

}  // namespace advise
