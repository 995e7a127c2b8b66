#pragma once
// Text that goes from someone else's file into a catalog: checked to be printable UTF-8,
// and written as a TOML basic string with everything that could end it escaped.

#include <string>

namespace advise::detail {

// Valid UTF-8 without control characters (and not empty).
bool is_printable_utf8(const std::string& text);

// `text` as a TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_quoted(const std::string& text);

}  // namespace advise::detail
