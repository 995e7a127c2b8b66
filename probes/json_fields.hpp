#pragma once
// Reads the fields of a JSON object with messages that name the field by its path
// ("machine.cpu.cores"), say what was expected and what was given: probe results come
// from other machines and from people's editors, and a library's own message
// ("type_error.302") tells neither.

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace advise {

// A field that is missing, of the wrong type or out of its range; the message names its path.
class JsonFieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JsonFields {
 public:
  // `path` names the object in messages ("machine.cpu"); empty for the document itself.
  JsonFields(const nlohmann::json& object, std::string path);

  // Finite numbers within [min, max]; integers must be written as integers.
  double number(const char* key, double min, double max) const;
  std::optional<double> optional_number(const char* key, double min, double max) const;
  std::int64_t integer(const char* key, std::int64_t min, std::int64_t max) const;
  bool boolean(const char* key) const;
  std::optional<bool> optional_boolean(const char* key) const;
  std::string text(const char* key) const;
  std::optional<std::string> optional_text(const char* key) const;
  // An array of strings.
  std::vector<std::string> texts(const char* key) const;
  // An object of numbers, each within [min, max] ("peak_flops": {"fp32": ...}).
  std::map<std::string, double> number_map(const char* key, double min, double max) const;

  bool has(const char* key) const;
  // Present and not null (an optional object written as null where there is none).
  bool has_value(const char* key) const;
  JsonFields object(const char* key) const;
  // The objects of the array `key`, each with its path ("probes[3]").
  std::vector<JsonFields> objects(const char* key) const;

  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const char* key, const std::string& problem) const;

 private:
  const nlohmann::json& find(const char* key) const;
  std::string field(const char* key) const;

  const nlohmann::json& object_;
  std::string path_;
};

}  // namespace advise
