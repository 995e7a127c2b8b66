#include "pricing/detail/csv_reader.hpp"

#include <cmath>

#include "pricing/input_error.hpp"

namespace advise::detail {

// One CSV record: fields separated by commas, "quoted" fields may hold commas and "" quotes
// (RFC 4180); a quoted field must close on its line.
std::vector<std::string> CsvReader::split(const std::string& line) const {
  std::vector<std::string> fields(1);
  bool quoted = false;
  long opened_at = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
      opened_at = static_cast<long>(i) + 1;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  if (quoted) {
    throw InputError({file_, line_, opened_at}, "", "a quoted field does not close on its line (an unbalanced quote)");
  }
  return fields;
}

CsvReader::CsvReader(std::istream& in, std::string file) : in_(in), file_(std::move(file)) {
  std::string header;
  if (!std::getline(in_, header)) throw InputError({file_, 1, 1}, "", "empty CSV: expected a header line");
  line_ = 1;
  if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);  // a byte-order mark, as spreadsheets write
  const auto names = split(header);
  for (std::size_t i = 0; i < names.size(); ++i) columns_[names[i]] = i;
  for (const char* required : {"InstanceType", "AcceleratorName", "AcceleratorCount", "vCPUs", "MemoryGiB", "Price",
                               "SpotPrice", "Region"}) {
    if (!columns_.count(required)) {
      throw InputError({file_, 1, 1}, required, "missing column (expected a SkyPilot vms.csv header)");
    }
  }
}

bool CsvReader::next(Row& row) {
  std::string line;
  while (std::getline(in_, line)) {
    ++line_;
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    fields_ = split(line);
    row.line = line_;
    row.instance_type = text("InstanceType");
    row.accelerator = text("AcceleratorName");
    row.region = text("Region");
    row.accelerator_count = optional_number("AcceleratorCount");
    row.vcpus = optional_number("vCPUs");
    row.memory_gib = optional_number("MemoryGiB");
    row.price = optional_number("Price");
    row.spot_price = optional_number("SpotPrice");
    return true;
  }
  return false;
}

std::string CsvReader::text(const std::string& column) const {
  const std::size_t index = columns_.at(column);
  return index < fields_.size() ? fields_[index] : "";
}

std::optional<double> CsvReader::optional_number(const std::string& column) const {
  const std::string value = text(column);
  if (value.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const double parsed = std::stod(value, &used);
    if (used == value.size() && std::isfinite(parsed) && parsed >= 0) return parsed;
  } catch (const std::exception&) {
  }
  throw InputError({file_, line_, static_cast<long>(columns_.at(column)) + 1}, column,
                   "expected a non-negative number, got \"" + value + "\"");
}

}  // namespace advise::detail
