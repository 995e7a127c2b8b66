#pragma once
// `advise prices`: browse the catalogs; `advise prices import skypilot FILE.csv`: convert one.

#include <ostream>
#include <string>

#include "advisor/cli/catalog_selection.hpp"
#include "pricing/query.hpp"

namespace advise {

struct PricesRequest {
  CatalogSelection catalogs;
  PriceQuery query;
  std::string format = "table";  // table | json | csv
};

struct ImportRequest {
  CatalogSelection catalogs;  // for the GPU names
  std::string kind = "skypilot";
  std::string file;
  std::string provider;  // default: the CSV's parent directory name (…/aws/vms.csv -> aws)
  std::string as_of;     // default: today
};

void run_prices(const PricesRequest& request, std::ostream& out);
void run_import(const ImportRequest& request, std::ostream& out);

}  // namespace advise
