#pragma once
// Device memory bandwidth kernel: a[i] = b[i] + s·c[i] (24 bytes per element).

#include <cuda_runtime.h>

#include <cstdint>

namespace advise {

// Launches on `stream`; does not synchronise. Pointers are device memory.
void launch_triad(double* a, const double* b, const double* c, double s, std::int64_t n, cudaStream_t stream);

}  // namespace advise
