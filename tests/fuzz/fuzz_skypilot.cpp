// Fuzz target: the SkyPilot importer. Any CSV is imported or refused with an InputError, and
// what the import writes always loads back: the importer never writes a catalog advise rejects.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "pricing/import_skypilot.hpp"
#include "pricing/loader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const advise::Catalogs hardware = advise::load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  std::istringstream csv(std::string(reinterpret_cast<const char*>(data), size));
  std::string toml;
  try {
    toml = advise::import_skypilot_csv(csv, "vms.csv", {"aws", "2025-06-01", "SkyPilot catalog vms.csv"}, hardware);
  } catch (const advise::InputError&) {
    return 0;
  }
  const std::string path = advise::fuzz::input_file(reinterpret_cast<const std::uint8_t*>(toml.data()), toml.size(), ".toml");
  try {
    advise::load_catalogs({ADVISE_BUNDLED_CATALOG_DIR, path});
  } catch (const advise::InputError& e) {
    std::cerr << "the import wrote a catalog advise refuses: " << e.what() << "\n" << toml;
    std::abort();
  }
  return 0;
}
