#pragma once
// The arithmetic rates of one session: each kind the model runs, at its largest tensor, from
// the cache when it has it, else measured within its share of the probe's budget and cached.

#include <vector>

#include "arithmetic_probe.hpp"
#include "machine_probe.hpp"
#include "probe_cache.hpp"

namespace advise {

// Of the session's budget, the share the arithmetic rates get together; each kind between
// kMinArithmeticSeconds and kMaxArithmeticSeconds (a call takes well under a millisecond).
constexpr double kArithmeticShare = 0.1;
constexpr double kMinArithmeticSeconds = 0.01;
constexpr double kMaxArithmeticSeconds = 0.05;

void measure_arithmetic(MachineProfile& profile, CachedProfile& cache, const std::vector<ArithmeticRequest>& requests,
                        double probe_seconds, const ArithmeticProbeOptions& options, const ProbeProgress& report);

}  // namespace advise
