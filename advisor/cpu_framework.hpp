#pragma once
// An eager framework's own time in a CPU training step: dispatch, autograd
// records and the optimizer's loop over tensors. On a CPU it adds to the
// arithmetic (nothing runs asynchronously), so it dominates small models.

#include "advisor/workload.hpp"
#include "pricing/catalog.hpp"

namespace advise {

// Seconds per step: each layer copy at its kind's measured cost, each LSTM time
// step, each parameter tensor's optimizer update, the fixed cost of a step, and
// 2D pooling and LSTM cells at their measured rates.
double cpu_framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs);

// The step's memory-bound bytes less those whose time cpu_framework_seconds gives
// from a measured rate instead (pooling, LSTM cells).
double cpu_memory_bound_bytes(const Workload& workload, const CpuFrameworkCosts& costs);

}  // namespace advise
