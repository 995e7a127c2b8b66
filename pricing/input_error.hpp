#pragma once
// InputError: a problem in a file the user gave us (model, catalog). Its
// message always reads "file:line:column: field: problem" so that editors and
// people can jump to the spot; the CLI maps it to exit code 2.

#include <stdexcept>
#include <string>

namespace advise {

struct SourcePosition {
  std::string file;
  long line = 0;    // 1-based; 0 when the position is unknown (e.g. a missing key)
  long column = 0;  // 1-based; 0 when unknown
};

class InputError : public std::runtime_error {
 public:
  InputError(const SourcePosition& where, const std::string& field, const std::string& problem);

  const SourcePosition& where() const { return where_; }
  const std::string& field() const { return field_; }

 private:
  SourcePosition where_;
  std::string field_;
};

// "file:line:column" (or less, when line/column are unknown).
std::string format_position(const SourcePosition& where);

}  // namespace advise
