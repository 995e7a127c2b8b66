#pragma once
// `advise probe`'s section on this machine's GPU: its peaks, its measured bandwidth and ridge
// points, and each GEMM timed on it as a point under that roofline; or why there is none.

#include <ostream>

#include "advisor/report/text_table.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// "GPU: NVIDIA H200, 132 SMs, 141.0 GiB; peaks ...; bandwidth ...; ridge points ..." or
// "GPU: none: <reason>".
void write_gpu_roofline_facts(std::ostream& out, const MachineProfile& profile);

// The GEMMs timed on the GPU (empty without a GPU).
TextTable gpu_gemm_roofline_table(const MachineProfile& profile);

}  // namespace advise
