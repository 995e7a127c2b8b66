// Fuzz target: the catalog loader, alone and over the bundled catalogs. Any input loads or is
// an InputError.

#include <cstddef>
#include <cstdint>

#include "pricing/loader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = advise::fuzz::input_file(data, size, ".toml");
  for (const auto& paths : {std::vector<std::string>{path}, std::vector<std::string>{ADVISE_BUNDLED_CATALOG_DIR, path}}) {
    try {
      advise::Catalogs catalogs = advise::load_catalogs(paths);
      advise::mark_stale_catalogs(catalogs, "2026-01-01", 180);
    } catch (const advise::InputError&) {
    }
  }
  return 0;
}
