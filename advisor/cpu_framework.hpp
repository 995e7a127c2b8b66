#pragma once
// An eager framework's own time in a CPU training step: dispatch, autograd
// records and the optimizer's loop over tensors. On a CPU it adds to the
// arithmetic (nothing runs asynchronously), so it dominates small models.

#include "advisor/workload.hpp"
#include "pricing/catalog.hpp"

namespace advise {

// Seconds per step: each layer copy at its kind's measured cost, each LSTM time
// step, each parameter tensor's optimizer update, the fixed cost of a step, and
// 2D pooling at its measured rate.
double cpu_framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs);

}  // namespace advise
