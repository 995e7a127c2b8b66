#pragma once
// Step time of a workload on this CPU (measured), on a cloud CPU (scaled from
// this CPU's measurements) and on a GPU (from its specs).

#include <vector>

#include "advisor/option.hpp"
#include "advisor/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"
#include "advisor/gpu_model.hpp"

namespace advise {

// `shapes` and `profile.gemms` are in the same order (one measurement per distinct shape).
// The measured GEMMs and bandwidth, plus the framework's own time (cpu_framework.hpp).
// A convolution counts at its measured pass (profile.convolutions) where there is
// one, else at its implicit GEMM.
StepEstimate predict_this_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                              const MachineProfile& profile, const CpuFrameworkCosts& framework);

// Assumes the target reaches this CPU's measured fraction of peak on each
// shape, limited by how many cores the shape can keep busy; the framework's
// time (one thread dispatching) scales with the clock.
StepEstimate predict_cloud_cpu(const Workload& workload, const std::vector<ShapeCount>& shapes,
                               const MachineProfile& profile, const CpuSpec& cpu, std::int64_t vcpus,
                               const CpuFrameworkCosts& framework);

// How a workload is spread over the GPUs of one machine.
struct GpuPlacement {
  std::int64_t gpus = 1;
  bool sharded = false;  // ZeRO-3 / FSDP: states sharded, parameters gathered per layer
};

// Roofline from the GPU's datasheet for every GEMM of the step (library
// efficiency, wave quantisation, split-K), bandwidth for memory-bound passes,
// at least the framework's per-kernel launch time; with several GPUs, data
// parallel: the work divided, plus the gradient all-reduce over the
// interconnect, overlapped with the backward pass.
StepEstimate predict_gpu_from_specs(const Workload& workload, const GpuSpec& gpu, const PredictionConstants& constants,
                                    const GpuPlacement& placement = {});

// With a local GPU measured: each GEMM at the library efficiency measured
// locally for its shape (the local wave quantisation taken out), on the
// target's peak and SM count. Otherwise as predict_gpu_from_specs.
StepEstimate predict_gpu_transferred(const Workload& workload, const GpuSpec& target, const MachineProfile& profile,
                                     const GpuSpec& local, const PredictionConstants& constants,
                                     const GpuPlacement& placement = {});

}  // namespace advise
