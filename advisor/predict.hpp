#pragma once
// Step time of a workload on this CPU (measured), on a cloud CPU (scaled from
// this CPU's measurements) and on a GPU (from its specs).

#include <vector>

#include "advisor/option.hpp"
#include "advisor/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// `shapes` and `profile.gemms` are in the same order (one measurement per distinct shape).
StepEstimate predict_this_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                              const MachineProfile& profile);

// Assumes the target reaches this CPU's measured fraction of peak on each
// shape, limited by how many cores the shape can keep busy.
StepEstimate predict_cloud_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                               const MachineProfile& profile, const CpuSpec& cpu, std::int64_t vcpus);

// Roofline from the GPU's datasheet: peak × library efficiency for GEMMs,
// bandwidth for memory-bound passes, plus per-kernel launch overhead.
StepEstimate predict_gpu_from_specs(const Workload& workload, const std::vector<ShapeCount>& shapes,
                                    const GpuSpec& gpu);

}  // namespace advise
