#pragma once
// The step time on a cloud CPU, scaled from this CPU's measurements by kind of
// cost: arithmetic by cores and peak, memory traffic by bandwidth share, the
// framework's own time (one thread dispatching) by clock.

#include <cstdint>

#include "advisor/predict/framework_costs.hpp"
#include "advisor/predict/step_estimate.hpp"
#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// Output tile one CPU core works on: a GEMM with fewer tiles than cores
// cannot use them all (the CPU analogue of GPU wave quantisation).
constexpr double kCpuTileEdge = 64;

// Assumes the target reaches this CPU's measured fraction of peak on each
// shape, limited by how many cores the shape can keep busy.
StepEstimate predict_cloud_cpu(const Workload& workload, const MachineProfile& profile, const CpuSpec& cpu,
                               std::int64_t vcpus, const CpuFrameworkCosts& framework);

}  // namespace advise
