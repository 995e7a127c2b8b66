#pragma once
// The step time on a GPU we cannot run: from its datasheet, or with the
// efficiency measured on this machine's GPU moved to it.

#include <cstdint>

#include "advisor/predict/step_estimate.hpp"
#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// How a workload is spread over the GPUs of one machine.
struct GpuPlacement {
  std::int64_t gpus = 1;
  bool sharded = false;  // ZeRO-3 / FSDP: states sharded, parameters gathered per layer
};

// Roofline from the GPU's datasheet for every GEMM of the step (library
// efficiency, wave quantisation, split-K), bandwidth for memory-bound passes,
// at least the framework's per-kernel launch time; with several GPUs, data
// parallel: the work divided, plus the gradient all-reduce over the
// interconnect in buckets, partly hidden behind the backward pass.
StepEstimate predict_gpu_from_specs(const Workload& workload, const GpuSpec& gpu, const PredictionConstants& constants,
                                    const GpuPlacement& placement = {});

// Bytes the step's memory-bound passes move on a GPU. A GPU framework runs an LSTM with cuDNN,
// which sums the recurrent weight gradient of all steps in one GEMM: no per-step sum to move.
double gpu_memory_bound_bytes(const Workload& workload);

// With a local GPU measured: each GEMM at the library efficiency measured
// locally for its shape (the local wave quantisation taken out), on the
// target's peak and SM count; a GEMM not measured there in the precision the
// target runs it in, at the calibrated constant (the note gives the measured
// share of the FLOPs). With less than half the FLOPs measured so, or no local
// GPU: as predict_gpu_from_specs (the note says how much was measured).
StepEstimate predict_gpu_transferred(const Workload& workload, const GpuSpec& target, const MachineProfile& profile,
                                     const GpuSpec& local, const PredictionConstants& constants,
                                     const GpuPlacement& placement = {});

}  // namespace advise
