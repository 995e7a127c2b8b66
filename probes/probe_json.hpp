#pragma once
// Probe records as JSON, both ways: for the cache and for `advise probe
// --format json`, whose output `advise --probe-results` reads back. Field
// names are the public ones (README.md, "JSON output").

#include <vector>

#include <nlohmann/json.hpp>

#include "measurement.hpp"

namespace advise {

nlohmann::json to_json(const CpuFacts& cpu);
nlohmann::json to_json(const BandwidthMeasurement& bandwidth);
nlohmann::json to_json(const Measurement& measurement);
nlohmann::json to_json(const std::vector<BandwidthMeasurement>& curve);  // each with its working_set_bytes
nlohmann::json to_json(const ConvMeasurement& measurement);

// Each throws nlohmann::json::exception on a missing or mistyped field.
CpuFacts cpu_facts_from_json(const nlohmann::json& json);
BandwidthMeasurement bandwidth_from_json(const nlohmann::json& json);
Measurement measurement_from_json(const nlohmann::json& json);
std::vector<BandwidthMeasurement> bandwidth_curve_from_json(const nlohmann::json& json);
ConvMeasurement conv_measurement_from_json(const nlohmann::json& json);

}  // namespace advise
