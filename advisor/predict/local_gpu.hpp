#pragma once
// The step time on this machine's GPU, from its own measurements.

#include <string>

#include "advisor/predict/step_estimate.hpp"
#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// The step's GEMMs as this GPU runs them (fp32 ones cuDNN runs in tf32 where the GPU has it),
// once each, weighted by their FLOPs per step: what the GPU probe times.
GpuGemmPlan gpu_probe_plan(const Workload& workload, const GpuFacts& gpu);

// The GEMMs timed with cuBLASLt here (in the precision this GPU runs them in; a batched GEMM's
// instance at its efficiency over the whole batch on `local`, this GPU's spec), memory-bound
// passes at the measured bandwidth, at least the framework's per-kernel launch time (launches
// hide behind the GPU's work).
StepEstimate predict_this_gpu(const Workload& workload, const MachineProfile& profile, const GpuSpec& local,
                              const PredictionConstants& constants);

// Why this GPU's step cannot be predicted from its measurements: a GEMM of the step that
// failed, was skipped or was not checked there (it would otherwise count as 0 s); "" when
// every one was measured and checked.
std::string unmeasured_gpu_gemm(const Workload& workload, const MachineProfile& profile);

// This machine's GPU as a spec: the catalog's when it knows the device, else from discovery and
// measurement.
GpuSpec local_gpu_spec(const MachineProfile& profile, const Catalogs& catalogs);

}  // namespace advise
