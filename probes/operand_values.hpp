#pragma once
// The values every GEMM probe (CPU and GPU) fills its operands with: a
// counter-based hash of the element's index, mapped to [-1, 1], with only the
// mantissa bits in `keep_mask` kept so that bf16 and fp16 hold them exactly
// and the fp32 reference sees the same operands the device does.

#include <cstdint>
#include <cstring>

// Also compiled for the GPU, which fills its operands on the device with the same values.
#ifdef __CUDACC__
#define ADVISE_HOST_DEVICE __host__ __device__
#else
#define ADVISE_HOST_DEVICE
#endif

namespace advise {

// 7 mantissa bits: exact in bf16 (7) and fp16 (10); [-1, 1] fits both exponent ranges.
constexpr std::uint32_t kLowPrecisionMask = 0xffff0000u;
constexpr std::uint32_t kFullPrecisionMask = 0xffffffffu;

ADVISE_HOST_DEVICE inline float operand_value(std::uint64_t index, std::uint64_t seed, std::uint32_t keep_mask) {
  std::uint64_t x = (index + 1) * 0x9E3779B97F4A7C15ull ^ (seed * 0xD1B54A32D192ED03ull);
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 29;
  float value = static_cast<float>(x >> 40) * (2.0f / 16777216.0f) - 1.0f;  // 24 random bits
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  bits &= keep_mask;
  std::memcpy(&value, &bits, sizeof bits);
  return value;
}

}  // namespace advise
