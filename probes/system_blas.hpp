#pragma once
// The system's BLAS (libblas.so.3: OpenBLAS, BLIS or the reference BLAS, as
// Debian's alternatives choose), loaded at run time. Frameworks built against
// it (Debian's PyTorch) run their dense layers' GEMMs through its sgemm_, so
// `--cpu-gemm system-blas` times those shapes with it instead of oneDNN.

#include <string>

namespace advise {

// The Fortran sgemm_ every BLAS exports (column-major, arguments by pointer).
using FortranSgemm = void (*)(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                              const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
                              const float* beta, float* c, const int* ldc);

struct SystemBlas {
  FortranSgemm sgemm = nullptr;
  std::string path;  // the file the loader resolved, e.g. .../openblas-pthread/libblas.so.3
};

// The library named by $ADVISE_SYSTEM_BLAS, else libblas.so.3; loaded once.
// Returns nullptr and sets `reason` when it cannot be loaded or has no sgemm_.
const SystemBlas* system_blas(std::string& reason);

// Whether a Measurement's `library` names the system BLAS path.
bool is_system_blas_library(const std::string& library);

}  // namespace advise
