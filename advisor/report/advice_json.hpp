#pragma once
// The whole advice as one JSON value: what `--format json` prints, and what the CSV and the
// HTML report read their option figures from, so that every format carries the same numbers.

#include <nlohmann/json.hpp>
#include <ostream>

#include "advisor/report/report.hpp"

namespace advise {

nlohmann::json advice_json(const Advice& advice);

// An array of JSON objects as CSV: one row per object, the header their keys (in the JSON's
// order), numbers as the JSON writes them, null as an empty field, a nested object's fields as
// dotted columns ("shape.m"), arrays as JSON text.
void write_json_rows_csv(std::ostream& out, const nlohmann::json& rows);

}  // namespace advise
