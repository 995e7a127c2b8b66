#include "advisor/cli/import_command.hpp"

#include <filesystem>
#include <fstream>

#include "advisor/cli/errors.hpp"
#include "pricing/import_skypilot.hpp"

namespace advise {

void run_import(const ImportRequest& request, std::ostream& out) {
  std::ifstream csv(request.file);
  if (!csv) throw InputError({request.file, 0, 0}, "", "cannot read file: no such file");
  const Catalogs hardware = load_selected_catalogs(request.catalogs);
  SkypilotImport settings;
  settings.provider = request.provider.empty()
                          ? std::filesystem::path(request.file).parent_path().filename().string()
                          : request.provider;
  if (settings.provider.empty()) throw UsageError("cannot tell the provider from the path: give --provider");
  // A CSV does not say when its prices were taken: without --as-of the catalog's date is unknown.
  settings.as_of = request.as_of.empty() ? kUnknownDate : request.as_of;
  settings.source = "SkyPilot catalog " + std::filesystem::path(request.file).filename().string();
  out << import_skypilot_csv(csv, request.file, settings, hardware);
}

}  // namespace advise
