#include "system_blas.hpp"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <mutex>

namespace advise {
namespace {

constexpr const char* kLibraryPrefix = "system BLAS ";

struct Loaded {
  SystemBlas blas;
  std::string reason;
  bool ok = false;
};

Loaded load() {
  Loaded loaded;
  const char* chosen = std::getenv("ADVISE_SYSTEM_BLAS");
  const std::string name = chosen && *chosen ? chosen : "libblas.so.3";
  void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* message = dlerror();
    loaded.reason = "cannot load the system BLAS " + name + " (" + (message ? message : "unknown error") +
                    "); install one (Debian: libopenblas0) or name it in ADVISE_SYSTEM_BLAS";
    return loaded;
  }
  loaded.blas.sgemm = reinterpret_cast<FortranSgemm>(dlsym(handle, "sgemm_"));
  if (!loaded.blas.sgemm) {
    loaded.reason = "the system BLAS " + name + " has no sgemm_";
    return loaded;
  }
  // The file behind the name: which alternative (OpenBLAS build, reference BLAS) runs.
  link_map* map = nullptr;
  loaded.blas.path = dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name ? map->l_name : name;
  loaded.ok = true;
  return loaded;  // the handle stays open for the life of the process
}

}  // namespace

const SystemBlas* system_blas(std::string& reason) {
  static const Loaded loaded = load();
  if (!loaded.ok) {
    reason = loaded.reason;
    return nullptr;
  }
  return &loaded.blas;
}

bool is_system_blas_library(const std::string& library) { return library.rfind(kLibraryPrefix, 0) == 0; }

}  // namespace advise
