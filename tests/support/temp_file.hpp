#pragma once
// Tiny fixtures: tests write the TOML they need next to each other in a
// per-process temporary directory and check messages that name that path.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace advise::testing {

inline std::filesystem::path temp_dir() {
  static const std::filesystem::path dir = [] {
    auto path = std::filesystem::temp_directory_path() / ("advise-tests-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return dir;
}

// Writes `content` to `name` in the temporary directory; returns the full path.
inline std::string write_temp_file(const std::string& name, const std::string& content) {
  const auto path = temp_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << content;
  return path.string();
}

}  // namespace advise::testing
