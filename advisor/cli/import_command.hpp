#pragma once
// `advise prices import skypilot FILE.csv`: converts another tool's catalog to an advise
// catalog (TOML on stdout).

#include <ostream>
#include <string>

#include "advisor/cli/catalog_selection.hpp"

namespace advise {

struct ImportRequest {
  CatalogSelection catalogs;  // for the GPU names
  std::string kind = "skypilot";
  std::string file;
  std::string provider;  // default: the CSV's parent directory name (…/aws/vms.csv -> aws)
  std::string as_of;     // YYYY-MM-DD; default: unknown (the catalog is then always stale)
};

void run_import(const ImportRequest& request, std::ostream& out);

}  // namespace advise
