#include "advisor/cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace advise {
namespace {

// COLUMNS as a shell exports it; nonsense (or a width no table fits) counts as unset.
std::size_t columns_from_environment() {
  const char* text = std::getenv("COLUMNS");
  if (!text || !*text) return 0;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return *end == '\0' && value >= 20 && value <= 100000 ? static_cast<std::size_t>(value) : 0;
}

}  // namespace

TerminalStyle stdout_terminal_style() {
  TerminalStyle style;
  const bool terminal = isatty(STDOUT_FILENO) == 1;
  style.width = columns_from_environment();
  if (style.width == 0 && terminal) {
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) style.width = size.ws_col;
  }
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  style.color = terminal && !(no_color && *no_color) && !(term && std::string(term) == "dumb");
  return style;
}

}  // namespace advise
