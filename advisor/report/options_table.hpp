#pragma once
// The ranked options as one table of formatted cells, for the terminal and the markdown alike.

#include <string>

#include "advisor/report/report.hpp"
#include "advisor/report/text_table.hpp"

namespace advise {

// "this CPU", "buy RTX-4090", "aws p4d.24xlarge (spot)".
std::string option_label(const Option& option);

struct OptionsTableStyle {
  std::size_t max_options = 20;  // feasible rows shown; 0: all
  bool with_ids = false;         // an "id" column (the JSON's option id), for markdown readers' scripts
  std::size_t device_width = 0;  // longer device names are cut to this (0: never)
};

// The chosen row is marked ">>", infeasible ones "x" with their reason as the row's tail.
// Options nothing could be predicted for are not rows: write_left_out counts them.
TextTable options_table(const Advice& advice, const OptionsTableStyle& style);

// How many options the table left out for the row limit (not counting those nothing could be
// predicted for).
std::size_t options_not_shown(const Advice& advice, const OptionsTableStyle& style);

// "  3 options left out (a, b, c): reason", one line per distinct reason.
void write_left_out(std::ostream& out, const Decision& decision, const std::string& indent = "  ");

}  // namespace advise
