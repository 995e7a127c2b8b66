#pragma once
// This CPU's measured time for one GEMM of the step, found by its key in the
// machine profile: a convolution at its measured pass where there is one, else
// the GEMM at its measured shape.

#include "advisor/workload/gemm.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// Seconds for `gemm.count` runs per step: the median, and the sums of the fastest and slowest samples.
struct CpuGemmTime {
  double median = 0, low = 0, high = 0;
};

// Zero when neither was measured (require_measured() in the CLI refuses such a profile).
CpuGemmTime this_cpu_time(const WorkloadGemm& gemm, const MachineProfile& profile);

// The precision that time was measured in: the GEMM's own, or fp32 where oneDNN had no kernel
// for it on this CPU (its own where nothing was measured).
std::string this_cpu_dtype(const WorkloadGemm& gemm, const MachineProfile& profile);

}  // namespace advise
