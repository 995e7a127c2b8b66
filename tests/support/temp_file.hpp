#pragma once
// Tiny fixtures: tests write the TOML they need next to each other in a
// per-process temporary directory and check messages that name that path.

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace advise::testing {

// A fresh directory per test process, removed when the process exits. It is made by
// mkdtemp, never named after the pid: pids are reused, and a directory left by an
// earlier process with the same pid would hand a test another run's cache.
class ProcessTempDir {
 public:
  ProcessTempDir() : owner_(::getpid()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "advise-tests-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a directory like " + pattern);
    path_ = pattern;
  }
  ~ProcessTempDir() {
    // A forked child that exits normally must not take its parent's files with it.
    if (::getpid() != owner_) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ProcessTempDir(const ProcessTempDir&) = delete;
  ProcessTempDir& operator=(const ProcessTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  pid_t owner_;
  std::filesystem::path path_;
};

inline std::filesystem::path temp_dir() {
  static const ProcessTempDir dir;
  return dir.path();
}

// Writes `content` to `name` in the temporary directory; returns the full path.
inline std::string write_temp_file(const std::string& name, const std::string& content) {
  const auto path = temp_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << content;
  return path.string();
}

}  // namespace advise::testing
