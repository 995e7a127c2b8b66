#pragma once
// What the fuzz targets share: the input as a file (the loaders read files), named per
// process so that parallel runs do not meet.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace advise::fuzz {

inline std::string input_file(const std::uint8_t* data, std::size_t size, const std::string& extension) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("advise-fuzz-" + std::to_string(::getpid()) + extension)).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 static_cast<std::streamsize>(size));
  return path;
}

}  // namespace advise::fuzz
