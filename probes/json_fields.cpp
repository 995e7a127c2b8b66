#include "probes/json_fields.hpp"

#include <cmath>
#include <limits>
#include <sstream>

namespace advise {
namespace {

// How a value looks in a message: `string "abc"`, `number 1e+30`, `an array`.
std::string describe(const nlohmann::json& value) {
  if (value.is_string()) return "string " + value.dump();
  if (value.is_number()) return "number " + value.dump();
  if (value.is_boolean()) return value.dump();
  if (value.is_null()) return "null";
  if (value.is_array()) return "an array";
  return "an object";
}

std::string range_text(double min, double max) {
  std::ostringstream text;
  text << "from " << min << " to " << max;
  return text.str();
}

}  // namespace

JsonFields::JsonFields(const nlohmann::json& object, std::string path) : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) throw JsonFieldError((path_.empty() ? "the document" : path_) + ": expected an object, got " + describe(object_));
}

std::string JsonFields::field(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

void JsonFields::fail(const char* key, const std::string& problem) const {
  throw JsonFieldError(field(key) + ": " + problem);
}

bool JsonFields::has(const char* key) const { return object_.contains(key); }

bool JsonFields::has_value(const char* key) const { return object_.contains(key) && !object_.at(key).is_null(); }

const nlohmann::json& JsonFields::find(const char* key) const {
  const auto found = object_.find(key);
  if (found == object_.end()) fail(key, "missing");
  return *found;
}

double JsonFields::number(const char* key, double min, double max) const {
  const nlohmann::json& value = find(key);
  if (!value.is_number()) fail(key, "expected a number " + range_text(min, max) + ", got " + describe(value));
  const double number = value.get<double>();
  if (!std::isfinite(number) || number < min || number > max) {
    fail(key, "expected a number " + range_text(min, max) + ", got " + value.dump());
  }
  return number;
}

std::optional<double> JsonFields::optional_number(const char* key, double min, double max) const {
  if (!has(key)) return std::nullopt;
  return number(key, min, max);
}

std::int64_t JsonFields::integer(const char* key, std::int64_t min, std::int64_t max) const {
  const nlohmann::json& value = find(key);
  // A number beyond 64 bits is read as a floating-point number: refused here, not wrapped.
  const bool fits =
      value.is_number_integer() &&
      (value.is_number_unsigned() ? value.get<std::uint64_t>() <= static_cast<std::uint64_t>(max) &&
                                        static_cast<std::int64_t>(value.get<std::uint64_t>()) >= min
                                  : value.get<std::int64_t>() >= min && value.get<std::int64_t>() <= max);
  if (!fits) fail(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + describe(value));
  return value.get<std::int64_t>();
}

bool JsonFields::boolean(const char* key) const {
  const nlohmann::json& value = find(key);
  if (!value.is_boolean()) fail(key, "expected true or false, got " + describe(value));
  return value.get<bool>();
}

std::optional<bool> JsonFields::optional_boolean(const char* key) const {
  if (!has(key)) return std::nullopt;
  return boolean(key);
}

std::string JsonFields::text(const char* key) const {
  const nlohmann::json& value = find(key);
  if (!value.is_string()) fail(key, "expected a string, got " + describe(value));
  return value.get<std::string>();
}

std::optional<std::string> JsonFields::optional_text(const char* key) const {
  if (!has(key)) return std::nullopt;
  return text(key);
}

std::vector<std::string> JsonFields::texts(const char* key) const {
  const nlohmann::json& value = find(key);
  if (!value.is_array()) fail(key, "expected an array of strings, got " + describe(value));
  std::vector<std::string> items;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) {
      throw JsonFieldError(field(key) + "[" + std::to_string(i) + "]: expected a string, got " + describe(value[i]));
    }
    items.push_back(value[i].get<std::string>());
  }
  return items;
}

std::map<std::string, double> JsonFields::number_map(const char* key, double min, double max) const {
  const JsonFields entries = object(key);
  std::map<std::string, double> numbers;
  for (const auto& [name, value] : entries.object_.items()) numbers[name] = entries.number(name.c_str(), min, max);
  return numbers;
}

JsonFields JsonFields::object(const char* key) const {
  const nlohmann::json& value = find(key);
  if (!value.is_object()) fail(key, "expected an object, got " + describe(value));
  return JsonFields(value, field(key));
}

std::vector<JsonFields> JsonFields::objects(const char* key) const {
  const nlohmann::json& value = find(key);
  if (!value.is_array()) fail(key, "expected an array, got " + describe(value));
  std::vector<JsonFields> items;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string item = field(key) + "[" + std::to_string(i) + "]";
    if (!value[i].is_object()) throw JsonFieldError(item + ": expected an object, got " + describe(value[i]));
    items.emplace_back(value[i], item);
  }
  return items;
}

}  // namespace advise
