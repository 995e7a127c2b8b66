#include "advisor/cli/catalog_selection.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "advisor/cli/errors.hpp"
#include "pricing/loader.hpp"

#ifndef ADVISE_BUNDLED_CATALOG_DIR
#define ADVISE_BUNDLED_CATALOG_DIR "pricing/data"
#endif

namespace advise {

std::string bundled_catalog_dir() {
  std::error_code error;
  const auto exe = std::filesystem::canonical("/proc/self/exe", error);
  if (!error) {
    const auto installed = exe.parent_path().parent_path() / "share" / "advise" / "catalogs";
    if (std::filesystem::is_directory(installed, error)) return installed.string();
  }
  return ADVISE_BUNDLED_CATALOG_DIR;
}

std::string today_iso() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{today};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

static std::filesystem::path config_pricing_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "advise" / "pricing";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".config" / "advise" / "pricing";
  }
  return {};
}

std::vector<std::string> catalog_paths(const CatalogSelection& selection) {
  std::vector<std::string> paths;
  if (selection.use_bundled) paths.push_back(selection.bundled_dir);
  std::error_code error;
  if (const auto config = config_pricing_dir(); !config.empty() && std::filesystem::is_directory(config, error)) {
    paths.push_back(config.string());
  }
  if (const char* env = std::getenv("ADVISE_PRICING"); env && *env) {
    std::stringstream list(env);
    std::string path;
    while (std::getline(list, path, ':')) {
      if (!path.empty()) paths.push_back(path);
    }
  }
  paths.insert(paths.end(), selection.command_line_paths.begin(), selection.command_line_paths.end());
  return paths;
}

Catalogs load_selected_catalogs(const CatalogSelection& selection) {
  const std::vector<std::string> paths = catalog_paths(selection);
  if (paths.empty()) throw UsageError("no price catalogs: --no-bundled-prices needs at least one --pricing");
  Catalogs catalogs = load_catalogs(paths);
  mark_stale_catalogs(catalogs, selection.today, selection.max_age_days);
  return catalogs;
}

}  // namespace advise
