#include "advisor/cli/prices_command.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "advisor/cli/errors.hpp"
#include "advisor/report/prices_report.hpp"
#include "pricing/import_skypilot.hpp"

namespace advise {

void run_prices(const PricesRequest& request, std::ostream& out) {
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
  } else {
    write_prices_table(out, rows, catalogs, request.query);
  }
}

void run_import(const ImportRequest& request, std::ostream& out) {
  std::ifstream csv(request.file);
  if (!csv) throw InputError({request.file, 0, 0}, "", "cannot read file: no such file");
  const Catalogs hardware = load_selected_catalogs(request.catalogs);
  SkypilotImport settings;
  settings.provider = request.provider.empty()
                          ? std::filesystem::path(request.file).parent_path().filename().string()
                          : request.provider;
  if (settings.provider.empty()) throw UsageError("cannot tell the provider from the path: give --provider");
  settings.as_of = request.as_of.empty() ? today_iso() : request.as_of;
  settings.source = "SkyPilot catalog " + std::filesystem::path(request.file).filename().string();
  out << import_skypilot_csv(csv, request.file, settings, hardware);
}

}  // namespace advise
