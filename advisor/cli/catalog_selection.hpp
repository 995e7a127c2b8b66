#pragma once
// Which catalogs a command uses, in order of precedence (later wins):
//   1. the bundled catalogs; with --no-bundled-prices only those that hold no prices (hardware
//      specs, instance families, local costs, prediction constants)
//   2. $XDG_CONFIG_HOME/advise/pricing/ (default ~/.config/advise/pricing/), if it exists
//   3. each path in $ADVISE_PRICING (colon-separated files or directories)
//   4. each --pricing FILE_OR_DIR, in the order given

#include <string>
#include <vector>

#include "pricing/catalog.hpp"

namespace advise {

struct CatalogSelection {
  std::string bundled_dir;
  bool use_bundled = true;
  std::vector<std::string> command_line_paths;
  std::string today;  // YYYY-MM-DD, for staleness
  int max_age_days = 180;
};

// The paths to load, in order, from the selection and the environment.
std::vector<std::string> catalog_paths(const CatalogSelection& selection);

// The bundled files that hold no [[instance]] prices, in name order: what --no-bundled-prices keeps.
std::vector<std::string> bundled_reference_files(const std::string& bundled_dir);

// Loads, validates and marks stale catalogs; throws InputError or UsageError.
Catalogs load_selected_catalogs(const CatalogSelection& selection);

// The bundled catalog directory: next to an installed binary, else the source tree's.
std::string bundled_catalog_dir();

std::string today_iso();

}  // namespace advise
