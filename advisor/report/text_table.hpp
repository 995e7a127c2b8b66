#pragma once
// A table of already formatted cells that prints three ways: fitted to a terminal's width
// (the least important columns dropped first), as a markdown table, or as CSV.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace advise {

struct TableColumn {
  std::string header;
  bool right_aligned = false;
  int importance = 0;  // a narrow terminal drops the least important columns first
};

// How a row stands out: the chosen one, one that cannot be used, one to check.
enum class RowEmphasis { none, chosen, muted, warning };

struct TableRow {
  std::vector<std::string> cells;  // one per column
  std::string tail;                // free text after the cells (a note, a reason); may wrap
  RowEmphasis emphasis = RowEmphasis::none;
  bool tail_may_drop = false;      // a side note: left out where it does not fit on the row's line
};

struct TextTable {
  std::vector<TableColumn> columns;
  std::vector<TableRow> rows;
};

// Where a table is printed: the width it must fit (0: no limit) and whether it may use colour.
struct TerminalStyle {
  std::size_t width = 0;
  bool color = false;
};

// The columns kept at this width, in their order, dropping the least important first (and,
// among equals, the rightmost); the first column is always kept.
std::vector<std::size_t> fitted_columns(const TextTable& table, std::size_t width, std::size_t indent);

// Aligned columns, each row's tail after them; a tail that would pass the width starts its own
// line. Colour, where allowed, wraps a whole line so that widths never count escape codes.
void write_terminal_table(std::ostream& out, const TextTable& table, const TerminalStyle& style,
                          std::size_t indent = 2);

// How many of the row's first cells hold something: a row that cannot be used fills only its
// first few, and its tail may take the room of the rest.
std::size_t filled_cells(const TableRow& row, std::size_t columns);

// A GitHub-flavoured markdown table; the tail becomes a last "note" column.
void write_markdown_table(std::ostream& out, const TextTable& table);

// RFC 4180: quoted, with quotes doubled, where a field holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);

// Free text fitted to a width (0: as it is): a longer line is broken at spaces, its continuation
// indented two columns past the line's own indent. Lines a table already fitted pass unchanged.
void write_fitted_lines(std::ostream& out, const std::string& text, std::size_t width);

// Characters as a terminal counts them: UTF-8 continuation bytes and ANSI colour codes take no column.
std::size_t display_width(const std::string& text);

}  // namespace advise
