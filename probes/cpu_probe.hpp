#pragma once
// Times GEMM shapes on this CPU with oneDNN matmul, checking every result.
// fp32 and bf16 run natively (bf16 operands, fp32 accumulation and output);
// fp16 runs natively where oneDNN has a kernel and as fp32 otherwise; tf32
// does not exist on CPUs and runs as fp32. The Measurement's probed.dtype and
// reason say what actually ran.

#include <functional>
#include <vector>

#include "measurement.hpp"
#include "probe_plan.hpp"
#include "timing.hpp"

namespace advise {

// Called on the fp32 output (C, m·n entries) after timing and before the check.
// Production code passes none; tests use it to prove a wrong result is caught.
using OutputTamper = std::function<void(float* c, std::int64_t entries)>;

struct CpuProbeOptions {
  ProbeLimits limits;
  bool system_blas = false;  // fp32 on the system BLAS (system_blas.hpp) instead of oneDNN
  int verify_samples = 64;
  OutputTamper tamper;
  Timer timer;  // empty: time_steadily
  double peak_flops = 0;  // this CPU's peak: a time beyond it is refused (plausibility.hpp); 0: unchecked
};

// Measures one shape within `budget_s`. Never throws for a wrong result: the
// Measurement says failed, with the reason, and carries no speed.
Measurement probe_cpu_gemm(const GemmShape& shape, double budget_s, const CpuProbeOptions& options = {});

// Sets the number of threads oneDNN (OpenMP) uses from now on; returns the number in effect.
int set_cpu_threads(int threads);

}  // namespace advise
