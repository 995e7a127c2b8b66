#include <algorithm>

#include "advisor/report/advice_json.hpp"
#include "advisor/report/text_table.hpp"

namespace advise {
namespace {

std::string csv_value(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return csv_field(value.get<std::string>());
  return csv_field(value.dump());
}

// Nested objects become dotted columns ("shape.m"); arrays stay whole, as JSON text.
nlohmann::json flattened(const nlohmann::json& row) {
  nlohmann::json flat = nlohmann::json::object();
  for (const auto& [key, value] : row.items()) {
    if (!value.is_object()) {
      flat[key] = value;
      continue;
    }
    const nlohmann::json inner = flattened(value);  // kept alive for the loop over its items
    for (const auto& [inner_key, inner_value] : inner.items()) flat[key + "." + inner_key] = inner_value;
  }
  return flat;
}

}  // namespace

void write_json_rows_csv(std::ostream& out, const nlohmann::json& nested_rows) {
  std::vector<nlohmann::json> rows;
  std::vector<std::string> header;  // every key of any row, first seen first
  for (const nlohmann::json& nested : nested_rows) {
    rows.push_back(flattened(nested));
    for (const auto& [key, value] : rows.back().items()) {
      if (std::find(header.begin(), header.end(), key) == header.end()) header.push_back(key);
    }
  }
  for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << csv_field(header[i]);
  out << "\n";
  for (const nlohmann::json& row : rows) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      out << (i ? "," : "") << (row.contains(header[i]) ? csv_value(row.at(header[i])) : "");
    }
    out << "\n";
  }
}

}  // namespace advise

namespace advise {

void write_csv(std::ostream& out, const Advice& advice) { write_json_rows_csv(out, advice_json(advice).at("options")); }

}  // namespace advise
