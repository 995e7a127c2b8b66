#pragma once
// Arithmetic rate records as JSON, both ways: the probe cache and `advise probe --format json`
// (machine.cpu.arithmetic), which `advise --probe-results` reads back.

#include <vector>

#include <nlohmann/json.hpp>

#include "arithmetic_probe.hpp"
#include "probes/json_fields.hpp"

namespace advise {

nlohmann::json to_json(const ArithmeticMeasurement& measurement);
nlohmann::json to_json(const std::vector<ArithmeticMeasurement>& measurements);

// Throws JsonFieldError naming the field on an unknown kind or a size or rate out of range.
ArithmeticMeasurement arithmetic_from_json(const JsonFields& json);
std::vector<ArithmeticMeasurement> arithmetic_from_json(const std::vector<JsonFields>& entries);

// The measurement for `request` among `measured` (checked ones only): the same kind and size,
// else the same kind at the nearest size (its rate barely moves with size beyond the caches);
// null when the kind was not measured.
const ArithmeticMeasurement* find_arithmetic(const std::vector<ArithmeticMeasurement>& measured,
                                             const ArithmeticRequest& request);

}  // namespace advise
