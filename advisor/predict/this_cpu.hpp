#pragma once
// The step time on this CPU, from its own measurements.

#include "advisor/predict/framework_costs.hpp"
#include "advisor/predict/step_estimate.hpp"
#include "advisor/workload/workload.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// The measured GEMMs (a convolution at its measured pass where there is one, else at its
// implicit GEMM) and bandwidth by working set, plus the framework's own time (framework_costs.hpp).
StepEstimate predict_this_cpu(const Workload& workload, const MachineProfile& profile,
                              const CpuFrameworkCosts& framework);

}  // namespace advise
