#pragma once
// Device memory bandwidth kernel: a[i] = b[i] + s·c[i] (24 bytes per element).

#include <cuda_runtime.h>

#include <cstdint>

namespace advise {

// The triad's inputs b[i] and c[i]: different for neighbouring i and exact in double, so a
// wrong index or a skipped element shows in the check; the host recomputes them to check.
__host__ __device__ inline double triad_b(std::int64_t i) { return static_cast<double>(i % 13); }
__host__ __device__ inline double triad_c(std::int64_t i) { return static_cast<double>(i % 7) - 3; }

// Fills b and c (device memory, n each) on the device; does not synchronise.
void launch_triad_inputs(double* b, double* c, std::int64_t n, cudaStream_t stream);

// Launches on `stream`; does not synchronise. Pointers are device memory.
void launch_triad(double* a, const double* b, const double* c, double s, std::int64_t n, cudaStream_t stream);

}  // namespace advise
