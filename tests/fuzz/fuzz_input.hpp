#pragma once
// What the fuzz targets share: the input as a file (the loaders read files), named per
// process so that parallel runs do not meet, and removed when the process exits.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace advise::fuzz {

// Removes the process's input file at exit; each target uses one extension, so one file.
struct InputFileRemover {
  std::string path;
  ~InputFileRemover() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove(path, ignored);
  }
};

inline std::string input_file(const std::uint8_t* data, std::size_t size, const std::string& extension) {
  static InputFileRemover remover;
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("advise-fuzz-" + std::to_string(::getpid()) + extension)).string();
  remover.path = path;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 static_cast<std::streamsize>(size));
  return path;
}

}  // namespace advise::fuzz
