#pragma once
// The "machine" and "probes" parts of the JSON output. `advise probe --format
// json` prints exactly these, and `advise --probe-results` reads them back.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "probes/machine_probe.hpp"

namespace advise {

// One probe: its measurement, how often a step runs it (`count`), and its efficiency.
nlohmann::json probe_entry_json(const Measurement& measurement, std::int64_t count, const CpuFacts& cpu);

nlohmann::json machine_json(const MachineProfile& profile);

// How many times a step runs a measured GEMM shape, or a convolution's pass.
using GemmCount = std::function<std::int64_t(const GemmShape&)>;
using ConvolutionCount = std::function<std::int64_t(const ConvShape&, ConvPass)>;

// Every GEMM measured (CPU, then GPU), each with how many times a step runs it.
nlohmann::json probes_json(const MachineProfile& profile, const GemmCount& count_of);

// The convolution passes timed on the CPU, likewise with their counts per step.
nlohmann::json convolution_probes_json(const MachineProfile& profile, const ConvolutionCount& count_of);

}  // namespace advise
