#include "toml_fields.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>

#include "suggest.hpp"

namespace advise {

toml::table parse_toml_file(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) throw InputError({path, 0, 0}, "", "cannot read file: no such file");
  if (std::filesystem::is_directory(status)) throw InputError({path, 0, 0}, "", "is a directory, not a TOML file");
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError({path, 0, 0}, "", "not a regular file (a device or a pipe): give a TOML file");
  }
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(position_of(path, e.source()), "",
                     "malformed TOML: " + std::string(e.description()));
  }
}

SourcePosition position_of(const std::string& file, const toml::source_region& region) {
  return {file, static_cast<long>(region.begin.line), static_cast<long>(region.begin.column)};
}

std::string describe_value(const toml::node& node) {
  std::ostringstream text;
  switch (node.type()) {
    case toml::node_type::string: text << "string \"" << node.as_string()->get() << "\""; break;
    case toml::node_type::integer: text << "integer " << node.as_integer()->get(); break;
    case toml::node_type::floating_point: text << "number " << node.as_floating_point()->get(); break;
    case toml::node_type::boolean: text << "boolean " << (node.as_boolean()->get() ? "true" : "false"); break;
    case toml::node_type::table: text << "a table"; break;
    case toml::node_type::array: text << "an array"; break;
    default: text << "a date/time"; break;
  }
  return text.str();
}

FieldReader::FieldReader(const toml::table& table, std::string file, std::string path)
    : table_(table), file_(std::move(file)), path_(std::move(path)) {}

std::string FieldReader::field_name(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

SourcePosition FieldReader::position() const { return position_of(file_, table_.source()); }

SourcePosition FieldReader::position(std::string_view key) const {
  if (const toml::node* node = table_.get(key)) return position_of(file_, node->source());
  return position();
}

void FieldReader::fail(std::string_view key, const std::string& problem) const {
  throw InputError(position(key), field_name(key), problem);
}

void FieldReader::missing(std::string_view key, const std::string& expected) const {
  // A misspelt key is why a required one is missing more often than not: name it here, before
  // reject_unknown_fields() would get to it.
  std::vector<std::string> given;
  for (const auto& [name, node] : table_) {
    if (!asked_.count(name.str())) given.emplace_back(name.str());
  }
  const auto typo = closest_name(key, given);
  fail(key, "missing required field (" + expected + ")" +
                (typo ? "; the table has an unknown field \"" + *typo + "\": a misspelling?" : ""));
}

const toml::node* FieldReader::find(std::string_view key) {
  asked_.emplace(key);
  return table_.get(key);
}

static std::string format_number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

std::optional<std::int64_t> FieldReader::optional_integer(std::string_view key, std::int64_t min,
                                                          std::int64_t max) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const auto value = node->value_exact<std::int64_t>();
  const std::string range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!value) fail(key, "expected " + range + ", got " + describe_value(*node));
  if (*value < min || *value > max) fail(key, "expected " + range + ", got " + std::to_string(*value));
  return value;
}

std::int64_t FieldReader::required_integer(std::string_view key, std::int64_t min, std::int64_t max) {
  const auto value = optional_integer(key, min, max);
  if (!value) missing(key, "expected an integer from " + std::to_string(min) +
                            " to " + std::to_string(max));
  return *value;
}

std::optional<double> FieldReader::optional_number(std::string_view key, double min, double max) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const std::string range = "a number from " + format_number(min) + " to " + format_number(max);
  // value<double>() also accepts integers, which is what a user means by "5".
  const auto value = (node->is_integer() || node->is_floating_point()) ? node->value<double>()
                                                                       : std::nullopt;
  if (!value) fail(key, "expected " + range + ", got " + describe_value(*node));
  if (!std::isfinite(*value) || *value < min || *value > max) {
    fail(key, "expected " + range + ", got " + format_number(*value));
  }
  return value;
}

double FieldReader::required_number(std::string_view key, double min, double max) {
  const auto value = optional_number(key, min, max);
  if (!value) missing(key, "expected a number from " + format_number(min) +
                            " to " + format_number(max));
  return *value;
}

std::optional<std::string> FieldReader::optional_string(std::string_view key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  if (!node->is_string()) fail(key, "expected a string, got " + describe_value(*node));
  return node->as_string()->get();
}

std::string FieldReader::required_string(std::string_view key) {
  const auto value = optional_string(key);
  if (!value) missing(key, "expected a string");
  return *value;
}

static std::string join_choices(const std::vector<std::string>& choices) {
  std::string text;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
    text += choices[i];
  }
  return text;
}

std::optional<std::string> FieldReader::optional_choice(std::string_view key,
                                                        const std::vector<std::string>& choices) {
  const auto value = optional_string(key);
  if (!value) return std::nullopt;
  for (const auto& choice : choices) {
    if (choice == *value) return value;
  }
  fail(key, "expected " + join_choices(choices) + ", got \"" + *value + "\"" +
                did_you_mean(*value, choices));
}

std::string FieldReader::required_choice(std::string_view key, const std::vector<std::string>& choices) {
  const auto value = optional_choice(key, choices);
  if (!value) missing(key, "expected " + join_choices(choices));
  return *value;
}

std::optional<bool> FieldReader::optional_bool(std::string_view key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  if (!node->is_boolean()) fail(key, "expected true or false, got " + describe_value(*node));
  return node->as_boolean()->get();
}

std::string FieldReader::required_date(std::string_view key) {
  const toml::node* node = find(key);
  if (!node) missing(key, "expected a date such as 2025-06-01");
  const auto date = node->value<toml::date>();
  if (!date) fail(key, "expected a date such as 2025-06-01, got " + describe_value(*node));
  std::ostringstream text;
  text << *date;
  return text.str();
}

const toml::table* FieldReader::optional_table(std::string_view key) {
  const toml::node* node = find(key);
  if (node && !node->is_table()) fail(key, "expected a table, got " + describe_value(*node));
  return node ? node->as_table() : nullptr;
}

const toml::array* FieldReader::optional_array(std::string_view key) {
  const toml::node* node = find(key);
  if (node && !node->is_array()) fail(key, "expected an array, got " + describe_value(*node));
  return node ? node->as_array() : nullptr;
}

void FieldReader::reject_unknown_fields() const {
  const std::vector<std::string> known(asked_.begin(), asked_.end());
  for (auto&& [key, node] : table_) {
    if (asked_.count(key.str())) continue;
    throw InputError(position_of(file_, key.source()), field_name(key.str()),
                     "unknown field" + did_you_mean(key.str(), known));
  }
}

}  // namespace advise
