#pragma once
// An eager framework's own time in a CPU training step: dispatch, autograd
// records and the optimizer's loop over tensors. On a CPU it adds to the
// arithmetic (nothing runs asynchronously), so it dominates small models.

#include "advisor/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/measurement.hpp"

namespace advise {

// Seconds per step: each layer copy at its kind's measured cost, each LSTM time
// step, each parameter tensor's optimizer update, the optimizer's call, the fixed
// cost of a step, and 2D pooling, LSTM cells, attention's head reshapes and
// transcendental activations at their measured rates.
double cpu_framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs);

// How much slower (above 1) or faster than the CPU the costs were measured on this CPU
// runs the framework's own code: the ratio of their dispatch probe figures, 1 when
// either is missing.
double framework_speed_ratio(const CpuFacts& cpu, const CpuFrameworkCosts& costs);

}  // namespace advise
