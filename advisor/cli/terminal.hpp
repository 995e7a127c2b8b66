#pragma once
// What standard output is: its width (COLUMNS, else the terminal's) and whether colour is welcome
// (a terminal, NO_COLOR unset or empty, TERM not "dumb").

#include "advisor/report/text_table.hpp"

namespace advise {

TerminalStyle stdout_terminal_style();

}  // namespace advise
