#pragma once
// Reads a SkyPilot catalog CSV (vms.csv) row by row, with located errors. Private to the
// importer (import_skypilot.cpp).

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace advise::detail {

// One row as written; numbers are non-negative and finite, or absent.
struct Row {
  long line = 0;
  std::string instance_type, accelerator, region;
  std::optional<double> accelerator_count, vcpus, memory_gib, price, spot_price;
};

class CsvReader {
 public:
  // Reads the header (a UTF-8 byte-order mark before it is dropped) and checks its columns.
  CsvReader(std::istream& in, std::string file);
  // The next non-blank row; false at the end.
  bool next(Row& row);
  long line() const { return line_; }

 private:
  std::string text(const std::string& column) const;
  std::optional<double> optional_number(const std::string& column) const;
  std::vector<std::string> split(const std::string& line) const;

  std::istream& in_;
  std::string file_;
  long line_ = 0;
  std::map<std::string, std::size_t> columns_;
  std::vector<std::string> fields_;
};

}  // namespace advise::detail
