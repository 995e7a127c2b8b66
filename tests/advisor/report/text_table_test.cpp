// The table printer: what a narrow terminal drops, what markdown and CSV escape.

#include "advisor/report/text_table.hpp"

#include <boost/test/unit_test.hpp>
#include <sstream>

using namespace advise;

namespace {

// name (always kept), a wide unimportant column, two important ones.
TextTable three_options() {
  TextTable table;
  table.columns = {{"option", false, 99}, {"band", false, 10}, {"run", true, 90}, {"cost", true, 95}};
  table.rows.push_back(
      {{"aws p4d.24xlarge", "$1.00-$3.00 (wide band)", "5.9 h", "$14.68"}, "a note", RowEmphasis::chosen});
  table.rows.push_back({{"this CPU", "$0.10-$0.20 (wide band)", "231.1 d", "$1031"}, "", RowEmphasis::none});
  return table;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_table)

BOOST_AUTO_TEST_CASE(a_narrow_terminal_drops_the_least_important_columns_first) {
  const TextTable table = three_options();
  BOOST_TEST(fitted_columns(table, 0, 2) == (std::vector<std::size_t>{0, 1, 2, 3}));
  BOOST_TEST(fitted_columns(table, 200, 2) == (std::vector<std::size_t>{0, 1, 2, 3}));
  BOOST_TEST(fitted_columns(table, 40, 2) == (std::vector<std::size_t>{0, 2, 3}));  // the band goes first
  BOOST_TEST(fitted_columns(table, 28, 2) == (std::vector<std::size_t>{0, 3}));     // then the run
  BOOST_TEST(fitted_columns(table, 5, 2) == (std::vector<std::size_t>{0}));         // the name stays
}

BOOST_AUTO_TEST_CASE(every_line_fits_the_width_and_a_long_tail_moves_under_its_row) {
  std::ostringstream out;
  write_terminal_table(out, three_options(), {40, false});
  const std::vector<std::string> lines = lines_of(out.str());
  BOOST_REQUIRE_EQUAL(lines.size(), 4u);  // header, row, its tail, row
  for (const std::string& line : lines) BOOST_TEST(display_width(line) <= 40u, line);
  BOOST_TEST(lines[0].find("band") == std::string::npos);
  BOOST_TEST(lines[1].find("$14.68") != std::string::npos);
  BOOST_TEST(lines[2].find("a note") != std::string::npos);
  BOOST_TEST(out.str().find('\033') == std::string::npos);  // no colour unless allowed
}

BOOST_AUTO_TEST_CASE(rows_that_leave_their_last_cells_empty_line_up_their_tails) {
  TextTable table;
  table.columns = {{"option", false, 99}, {"device", false, 90}, {"run", true, 90}};
  table.rows.push_back({{"a", "short", "5.9 h"}, "note", RowEmphasis::none});
  table.rows.push_back({{"b", "short"}, "does not fit", RowEmphasis::muted});
  table.rows.push_back({{"c", "a longer one"}, "does not fit", RowEmphasis::muted});
  std::ostringstream out;
  write_terminal_table(out, table, {});
  const std::vector<std::string> lines = lines_of(out.str());
  BOOST_TEST(lines.size() == 4u);
  BOOST_TEST(lines[1] == "  a      short        5.9 h  note");  // a full row is as it was
  BOOST_TEST(lines[2].find("does not fit") == lines[3].find("does not fit"));
  BOOST_TEST(lines[2] == "  b      short         does not fit");

  std::ostringstream narrow;  // a tail that moves under its row leaves no padding behind
  write_terminal_table(narrow, table, {22, false});
  for (const std::string& line : lines_of(narrow.str())) BOOST_TEST(line.back() != ' ');
}

BOOST_AUTO_TEST_CASE(colour_marks_whole_rows_only_when_allowed_and_takes_no_width) {
  std::ostringstream out;
  write_terminal_table(out, three_options(), {0, true});
  const std::vector<std::string> lines = lines_of(out.str());
  BOOST_TEST(lines[1].rfind("\033[1;32m", 0) == 0u);
  BOOST_TEST(lines[2].find('\033') == std::string::npos);
  BOOST_TEST(display_width("\033[1;32mab\033[0m") == 2u);
  BOOST_TEST(display_width("12.3 \u00b5s") == 7u);
}

BOOST_AUTO_TEST_CASE(free_text_wraps_at_spaces_under_its_indent) {
  std::ostringstream out;
  write_fitted_lines(out, "  one two three four five six seven\nshort\n", 20);
  const std::vector<std::string> lines = lines_of(out.str());
  BOOST_REQUIRE_EQUAL(lines.size(), 4u);
  BOOST_TEST(lines[0] == "  one two three");
  BOOST_TEST(lines[1] == "    four five six");
  BOOST_TEST(lines[2] == "    seven");
  BOOST_TEST(lines[3] == "short");
}

BOOST_AUTO_TEST_CASE(markdown_escapes_pipes_and_keeps_the_tail_as_a_note_column) {
  TextTable table;
  table.columns = {{"name", false, 1}, {"value", true, 1}};
  table.rows.push_back({{"a|b", "1"}, "why"});
  std::ostringstream out;
  write_markdown_table(out, table);
  BOOST_TEST(out.str() == "| name | value | note |\n| --- | ---: | --- |\n| a\\|b | 1 | why |\n");
}

BOOST_AUTO_TEST_CASE(csv_fields_are_quoted_only_where_rfc_4180_needs_it) {
  BOOST_TEST(csv_field("plain") == "plain");
  BOOST_TEST(csv_field("a,b") == "\"a,b\"");
  BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  BOOST_TEST(csv_field("two\nlines") == "\"two\nlines\"");
}

BOOST_AUTO_TEST_SUITE_END()
