#pragma once
// Parts of the terminal report that the markdown and the HTML reports print as they are.

#include <ostream>
#include <string>

#include "advisor/report/report.hpp"

namespace advise {

// "Model: …" and "Memory: …", then a blank line.
void write_model(std::ostream& out, const Workload& workload);
// "This machine: …" with its measured clock, peaks, bandwidth, probe cache and GPU, then a blank line.
void write_machine(std::ostream& out, const Advice& advice);
// "Buy vs rent …" lines for each GPU one could buy, then a blank line; nothing when none.
void write_buy_vs_rent(std::ostream& out, const Advice& advice, const TerminalStyle& style = {});
// A catalog's staleness in a table: "STALE: check current prices", `fresh`, or "no prices" for a
// file of specs or fitted constants.
std::string staleness_text(const CatalogInfo& catalog, const std::string& fresh);

}  // namespace advise
