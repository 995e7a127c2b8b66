#include "advisor/report/text_table.hpp"

#include <algorithm>
#include <numeric>

namespace advise {
namespace {

std::string padded(const std::string& text, std::size_t width, bool right_aligned) {
  const std::size_t shown = display_width(text);
  if (shown >= width) return text;
  const std::string fill(width - shown, ' ');
  return right_aligned ? fill + text : text + fill;
}

std::vector<std::size_t> column_widths(const TextTable& table) {
  std::vector<std::size_t> widths;
  for (const TableColumn& column : table.columns) widths.push_back(display_width(column.header));
  for (const TableRow& row : table.rows) {
    for (std::size_t i = 0; i < widths.size() && i < row.cells.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row.cells[i]));
    }
  }
  return widths;
}

std::size_t total_width(const std::vector<std::size_t>& kept, const std::vector<std::size_t>& widths,
                        std::size_t indent) {
  std::size_t total = indent;
  for (const std::size_t column : kept) total += widths[column] + 1;
  return kept.empty() ? total : total - 1;
}

std::string trimmed_right(std::string text) {
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

// Breaks text at spaces into lines of at most `width` columns (a longer word stays whole).
std::vector<std::string> wrapped(const std::string& text, std::size_t width) {
  std::vector<std::string> lines(1);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!lines.back().empty() && display_width(lines.back()) + 1 + display_width(word) > width) lines.emplace_back();
    if (!lines.back().empty()) lines.back() += ' ';
    lines.back() += word;
    start = end + 1;
  }
  return lines;
}

// Bold green, dim, yellow: an ANSI SGR code for the whole line.
std::string colored(const std::string& line, RowEmphasis emphasis, bool allowed) {
  if (!allowed || emphasis == RowEmphasis::none) return line;
  const char* code = emphasis == RowEmphasis::chosen ? "1;32" : emphasis == RowEmphasis::muted ? "2" : "33";
  return std::string("\033[") + code + "m" + line + "\033[0m";
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

}  // namespace

std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\033') {  // an SGR sequence: ESC [ ... m
      const std::size_t end = text.find('m', i);
      if (end != std::string::npos) {
        i = end;
        continue;
      }
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++width;
  }
  return width;
}

void write_fitted_lines(std::ostream& out, const std::string& text, std::size_t width) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (width == 0 || display_width(line) <= width) {
      out << line << "\n";
    } else {
      const std::size_t indent = std::min(line.find_first_not_of(' '), width / 2);
      const std::vector<std::string> parts = wrapped(line.substr(indent), width - indent - 2);
      for (std::size_t i = 0; i < parts.size(); ++i) out << std::string(indent + (i ? 2 : 0), ' ') << parts[i] << "\n";
    }
    start = end + 1;
  }
}

std::vector<std::size_t> fitted_columns(const TextTable& table, std::size_t width, std::size_t indent) {
  std::vector<std::size_t> kept(table.columns.size());
  std::iota(kept.begin(), kept.end(), 0);
  if (width == 0) return kept;
  const std::vector<std::size_t> widths = column_widths(table);
  while (kept.size() > 1 && total_width(kept, widths, indent) > width) {
    auto least = kept.begin() + 1;  // the first column names the row: always kept
    for (auto it = kept.begin() + 1; it != kept.end(); ++it) {
      if (table.columns[*it].importance <= table.columns[*least].importance) least = it;
    }
    kept.erase(least);
  }
  return kept;
}

std::size_t filled_cells(const TableRow& row, std::size_t columns) {
  std::size_t filled = std::min(row.cells.size(), columns);
  while (filled > 0 && row.cells[filled - 1].empty()) --filled;
  return filled;
}

void write_terminal_table(std::ostream& out, const TextTable& table, const TerminalStyle& style, std::size_t indent) {
  const std::vector<std::size_t> widths = column_widths(table);
  const std::vector<std::size_t> kept = fitted_columns(table, style.width, indent);
  const std::string margin(indent, ' ');
  auto line_of = [&](auto cell_of) {
    std::string line = margin;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      const std::size_t column = kept[i];
      if (i > 0) line += ' ';
      line += padded(cell_of(column), widths[column], table.columns[column].right_aligned);
    }
    return trimmed_right(line);
  };
  out << line_of([&](std::size_t column) { return table.columns[column].header; }) << "\n";
  for (const TableRow& row : table.rows) {
    std::string line =
        line_of([&](std::size_t column) { return column < row.cells.size() ? row.cells[column] : std::string(); });
    std::vector<std::string> more;
    if (!row.tail.empty()) {
      // A row whose last cells are empty (one that cannot be used) starts its tail where its last
      // filled column ends, so that such rows' reasons line up.
      const std::size_t filled = filled_cells(row, table.columns.size());
      std::size_t filled_end = indent;
      for (std::size_t i = 0, end = indent; i < kept.size() && kept[i] < filled; ++i) {
        end += (i > 0 ? 1 : 0) + widths[kept[i]];
        filled_end = end;
      }
      const std::size_t start = std::max(display_width(line), filled_end);
      if (style.width == 0 || start + 2 + display_width(row.tail) <= style.width) {
        line += std::string(start - display_width(line), ' ') + "  " + row.tail;
      } else if (!row.tail_may_drop) {  // its own lines, under the row, indented past the first column
        const std::size_t inset = indent + 4;
        const std::size_t room = style.width > inset + 20 ? style.width - inset : 20;
        for (const std::string& part : wrapped(row.tail, room)) more.push_back(std::string(inset, ' ') + part);
      }
    }
    out << colored(line, row.emphasis, style.color) << "\n";
    for (const std::string& part : more) out << colored(part, row.emphasis, style.color) << "\n";
  }
}

void write_markdown_table(std::ostream& out, const TextTable& table) {
  bool any_tail = false;
  for (const TableRow& row : table.rows) any_tail = any_tail || !row.tail.empty();
  out << "|";
  for (const TableColumn& column : table.columns) out << " " << markdown_cell(column.header) << " |";
  if (any_tail) out << " note |";
  out << "\n|";
  for (const TableColumn& column : table.columns) out << (column.right_aligned ? " ---: |" : " --- |");
  if (any_tail) out << " --- |";
  out << "\n";
  for (const TableRow& row : table.rows) {
    out << "|";
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      out << " " << markdown_cell(i < row.cells.size() ? row.cells[i] : "") << " |";
    }
    if (any_tail) out << " " << markdown_cell(row.tail) << " |";
    out << "\n";
  }
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace advise
