#pragma once
// The "machine" and "probes" parts of the JSON output. `advise probe --format
// json` prints exactly these, and `advise --probe-results` reads them back.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "probes/machine_probe.hpp"

namespace advise {

// One probe: its measurement, how often a step runs it (`count`), and its efficiency.
nlohmann::json probe_entry_json(const Measurement& measurement, std::int64_t count, const CpuFacts& cpu);

nlohmann::json machine_json(const MachineProfile& profile);

// probes[i] with counts[i] per step (1 where counts is shorter).
nlohmann::json probes_json(const MachineProfile& profile, const std::vector<std::int64_t>& counts);

// The convolution passes timed on the CPU, likewise with their counts per step.
nlohmann::json convolution_probes_json(const MachineProfile& profile, const std::vector<std::int64_t>& counts);

}  // namespace advise
