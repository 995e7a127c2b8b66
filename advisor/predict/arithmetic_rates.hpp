#pragma once
// The framework's arithmetic rates (activations, pooling, LSTM cells, attention's head copies)
// carried to this CPU, the model's tensor sizes and the probe's threads: each by the arithmetic
// probe's rate here (probes/arithmetic_probe.hpp) over its rate where the framework's rates were
// measured. These rates depend on vector units, cores and caches, which a one-thread dispatch
// figure cannot carry; a kind the probe did not measure (probe results from an older version)
// falls back to the dispatch probe's ratio, and the note says so.

#include <string>
#include <vector>

#include "advisor/predict/framework_costs.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

struct CarriedRates {
  CpuFrameworkCosts costs;  // every arithmetic rate as it is on this CPU
  int measured = 0;         // kinds carried by the arithmetic probe
  int scaled = 0;           // kinds scaled by the dispatch probe instead
  // What the figure should say about it: "" when there are no rates.
  std::string note() const;
};

CarriedRates carry_arithmetic_rates(const CpuFrameworkCosts& costs, const MachineProfile& profile,
                                    const Workload& workload);

// What the arithmetic probe should time for `workload`: each kind it runs at its largest tensor.
std::vector<ArithmeticRequest> arithmetic_requests(const Workload& workload);

// PyTorch splits an elementwise operation across threads in chunks of this many elements
// (at::internal::GRAIN_SIZE, ATen/Parallel.h): a smaller tensor runs on one core.
inline constexpr double kElementsPerThreadChunk = 32768;

// The cores a call on `elements` elements can keep busy, out of `cores`.
double arithmetic_cores(double elements, double cores);

}  // namespace advise
