#pragma once
// Invented hardware for tests of prediction and options: a one-GEMM workload, a
// machine that measured each of a workload's GEMMs in a set time, a GPU "G1".

#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise::testing {

inline Workload one_gemm_workload(const GemmShape& shape, double memory_bytes, std::int64_t kernels) {
  Workload w;
  w.model_name = "invented";
  w.gemms.push_back({"layer[1]", GemmRole::forward, shape, 1});
  w.forward_flops = shape.flops();
  w.memory_bound_bytes = memory_bytes;
  w.memory_traffic = {{TrafficKind::elementwise, memory_bytes, 1e9}};
  w.kernels_per_step = kernels;
  w.steps_per_epoch = 100;
  w.epochs = 3;
  w.memory.weights = 1000;
  return w;
}

// A machine that ran each distinct GEMM of `w` in `gemm_seconds`.
inline MachineProfile invented_machine(const Workload& w, double gemm_seconds) {
  MachineProfile profile;
  profile.cpu.name = "Invented CPU";
  profile.cpu.cores = 2;
  profile.cpu.threads = 2;
  profile.cpu.threads_used = 2;
  profile.cpu.memory_bytes = 1LL << 34;
  profile.cpu.peak_flops["fp32"] = 500e9;
  profile.bandwidth = {50e9, 60e9, 0, 5, true, ProbeStatus::ok, ""};
  for (const ShapeCount& entry : distinct_shapes(w)) {
    Measurement m;
    m.shape = m.probed = entry.shape;
    m.status = ProbeStatus::ok;
    m.verified = true;
    m.seconds_median = gemm_seconds;
    m.seconds_min = gemm_seconds * 0.95;
    m.seconds_max = gemm_seconds * 1.2;
    profile.gemms.push_back(m);
  }
  return profile;
}

inline GpuSpec invented_gpu() {
  GpuSpec gpu;
  gpu.name = "G1";
  gpu.memory_bytes = 1LL << 34;
  gpu.bandwidth_bytes_per_s = 1e12;
  gpu.peak_flops["fp32"] = 100e12;
  gpu.sm_count = 64;
  gpu.interconnect_bytes_per_s = 200e9;
  return gpu;
}

}  // namespace advise::testing
