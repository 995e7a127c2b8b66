#pragma once
// `advise prices`: browse the catalogs.

#include <ostream>
#include <string>

#include "advisor/cli/catalog_selection.hpp"
#include "advisor/report/text_table.hpp"
#include "pricing/query.hpp"

namespace advise {

struct PricesRequest {
  CatalogSelection catalogs;
  PriceQuery query;
  std::string format = "table";  // table | json | csv | markdown
};

void run_prices(const PricesRequest& request, std::ostream& out, const TerminalStyle& terminal = {});

}  // namespace advise
