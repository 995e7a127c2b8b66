#pragma once
// Probe records as JSON, both ways: for the cache and for `advise probe
// --format json`, whose output `advise --probe-results` reads back. Field
// names are the public ones (README.md, "JSON output").

#include <vector>

#include <nlohmann/json.hpp>

#include "measurement.hpp"
#include "probes/json_fields.hpp"

namespace advise {

nlohmann::json to_json(const CpuFacts& cpu);
nlohmann::json to_json(const GpuFacts& gpu);
nlohmann::json to_json(const BandwidthMeasurement& bandwidth);
nlohmann::json to_json(const Measurement& measurement);
nlohmann::json to_json(const std::vector<BandwidthMeasurement>& curve);  // each with its working_set_bytes
nlohmann::json to_json(const ConvMeasurement& measurement);

// Each throws JsonFieldError, naming the field's path, on a field that is missing, mistyped or
// outside what a machine can measure (a time, rate or size that is not positive, a size beyond
// 64-bit arithmetic, an unknown status or precision).
CpuFacts cpu_facts_from_json(const JsonFields& json);
GpuFacts gpu_facts_from_json(const JsonFields& json);
ProbeStatus status_from_json(const JsonFields& json);  // "status": ok, failed or skipped
BandwidthMeasurement bandwidth_from_json(const JsonFields& json);
Measurement measurement_from_json(const JsonFields& json);
std::vector<BandwidthMeasurement> bandwidth_curve_from_json(const std::vector<JsonFields>& points);
ConvMeasurement conv_measurement_from_json(const JsonFields& json);

}  // namespace advise
