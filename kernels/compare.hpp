#pragma once
// Device-side verification: compares a result against a reference at sampled
// positions without copying whole matrices back to the host.

#include <cuda_runtime.h>

#include <cstdint>

namespace advise {

// Counts the sampled positions where |result - reference| > tolerance·(|reference| + 1),
// or where either value is not finite, into *mismatches (device int, zeroed first).
// `indices` (device memory) holds `count` flat positions.
void launch_sampled_compare(const float* result, const float* reference, const std::int64_t* indices,
                            int count, float tolerance, int* mismatches, cudaStream_t stream);

}  // namespace advise
