#include "input_error.hpp"

#include <sstream>

namespace advise {

std::string format_position(const SourcePosition& where) {
  std::ostringstream text;
  text << where.file;
  if (where.line > 0) {
    text << ':' << where.line;
    if (where.column > 0) text << ':' << where.column;
  }
  return text.str();
}

static std::string compose(const SourcePosition& where, const std::string& field,
                           const std::string& problem) {
  // A problem of no single file (what all the catalogs together lack) names no position.
  std::string text = where.file.empty() ? "" : format_position(where) + ": ";
  if (!field.empty()) text += field + ": ";
  return text + problem;
}

InputError::InputError(const SourcePosition& where, const std::string& field,
                       const std::string& problem)
    : std::runtime_error(compose(where, field, problem)), where_(where), field_(field) {}

}  // namespace advise
