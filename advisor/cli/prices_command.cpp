#include "advisor/cli/prices_command.hpp"

#include <stdexcept>

#include "advisor/cli/errors.hpp"
#include "advisor/report/prices_report.hpp"

namespace advise {

void run_prices(const PricesRequest& request, std::ostream& out, const TerminalStyle& terminal) {
  const Catalogs catalogs = load_selected_catalogs(request.catalogs);
  std::vector<PriceRow> rows;
  try {
    rows = query_prices(catalogs, request.query);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (request.format == "json") {
    write_prices_json(out, rows, catalogs);
  } else if (request.format == "csv") {
    write_prices_csv(out, rows, catalogs);
  } else if (request.format == "markdown") {
    write_prices_markdown(out, rows, catalogs, request.query);
  } else {
    write_prices_table(out, rows, catalogs, request.query, terminal);
  }
}

}  // namespace advise
