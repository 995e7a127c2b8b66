#pragma once
// Reads the fields of one TOML table with located, user-facing errors.
//
// Every getter names the field by its full path ("layer[2].outputs"), says
// what was expected and what was given, and points at the value's line and
// column (or at the table's, when the field is missing). After reading, call
// reject_unknown_fields() so that a misspelt key is an error with a
// "did you mean", not a silently ignored line.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "input_error.hpp"

namespace advise {

// A table of a parsed file, kept with the whole file so that its source positions stay valid.
struct ParsedTable {
  std::shared_ptr<const toml::table> file;
  const toml::table* table = nullptr;
};

// Parses a TOML file; a missing file or a syntax error becomes an InputError.
toml::table parse_toml_file(const std::string& path);

SourcePosition position_of(const std::string& file, const toml::source_region& region);

class FieldReader {
 public:
  // `path` is the table's name in messages ("training", "layer[2]"); empty for the root.
  FieldReader(const toml::table& table, std::string file, std::string path);

  std::int64_t required_integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t min,
                                               std::int64_t max);
  double required_number(std::string_view key, double min, double max);
  std::optional<double> optional_number(std::string_view key, double min, double max);
  std::string required_string(std::string_view key);
  std::optional<std::string> optional_string(std::string_view key);
  // A string that must be one of `choices`; an unknown value gets a "did you mean".
  std::string required_choice(std::string_view key, const std::vector<std::string>& choices);
  std::optional<std::string> optional_choice(std::string_view key,
                                             const std::vector<std::string>& choices);
  std::optional<bool> optional_bool(std::string_view key);
  // A TOML date (2025-06-01), returned as "YYYY-MM-DD".
  std::string required_date(std::string_view key);
  const toml::table* optional_table(std::string_view key);
  const toml::array* optional_array(std::string_view key);

  // Errors on the first key that no getter asked for.
  void reject_unknown_fields() const;

  std::string field_name(std::string_view key) const;
  SourcePosition position() const;                     // the table itself
  SourcePosition position(std::string_view key) const;  // a value, or the table if absent
  [[noreturn]] void fail(std::string_view key, const std::string& problem) const;
  // A required field that is not there: what was expected, and any unknown field that looks like it.
  [[noreturn]] void missing(std::string_view key, const std::string& expected) const;

  const std::string& file() const { return file_; }

 private:
  const toml::node* find(std::string_view key);

  const toml::table& table_;
  std::string file_;
  std::string path_;
  std::set<std::string, std::less<>> asked_;
};

// How a TOML value looks in an error message: `integer -5`, `string "abc"`.
std::string describe_value(const toml::node& node);

}  // namespace advise
