#include "advisor/cli/catalog_selection.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
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

std::vector<std::string> bundled_reference_files(const std::string& bundled_dir) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(bundled_dir, error)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("\n[[instance]]") == std::string::npos) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> user_catalog_paths(const CatalogSelection& selection) {
  std::vector<std::string> paths;
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

std::vector<std::string> catalog_paths(const CatalogSelection& selection) {
  std::vector<std::string> paths = selection.use_bundled ? std::vector<std::string>{selection.bundled_dir}
                                                         : bundled_reference_files(selection.bundled_dir);
  const std::vector<std::string> user = user_catalog_paths(selection);
  paths.insert(paths.end(), user.begin(), user.end());
  return paths;
}

Catalogs load_selected_catalogs(const CatalogSelection& selection) {
  if (!selection.use_bundled && user_catalog_paths(selection).empty()) {
    throw UsageError("no price catalogs: --no-bundled-prices needs at least one --pricing");
  }
  const std::vector<std::string> paths = catalog_paths(selection);
  Catalogs catalogs = load_catalogs(paths);
  mark_stale_catalogs(catalogs, selection.today, selection.max_age_days);
  return catalogs;
}

}  // namespace advise
