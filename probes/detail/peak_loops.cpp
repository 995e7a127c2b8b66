#include "probes/detail/peak_loops.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace advise::detail {
namespace {

#if defined(__x86_64__)
// Register-only throughput loops. Each iteration issues one instruction on each
// of 16 independent accumulators (12 with AVX2; enough to cover the latency of both pipes).
// The instructions are written in asm so that the compiler can neither keep the
// accumulators in memory nor reorder the loops into one long dependent chain.
#define ADVISE_STEP(instruction, r) instruction " %[x], %[y], %[" #r "]\n\t"
#define ADVISE_EIGHT(instruction, a, b, c, d, e, f, g, h)                                                       \
  asm volatile(ADVISE_STEP(instruction, a) ADVISE_STEP(instruction, b) ADVISE_STEP(instruction, c)             \
                   ADVISE_STEP(instruction, d) ADVISE_STEP(instruction, e) ADVISE_STEP(instruction, f)         \
                       ADVISE_STEP(instruction, g) ADVISE_STEP(instruction, h)                                 \
               : [a] "+v"(a), [b] "+v"(b), [c] "+v"(c), [d] "+v"(d), [e] "+v"(e), [f] "+v"(f), [g] "+v"(g), \
                 [h] "+v"(h)                                                                                   \
               : [x] "v"(x), [y] "v"(y))

// By value: a reference would make the accumulator addressable, and GCC then keeps it in
// memory inside the loop (a load and a store per iteration). Clang (the fuzz build) refuses a
// vector argument across target attributes; there the reference does.
float sum_floats(const void* values, std::size_t bytes) {
  float lanes[16] = {};
  std::memcpy(lanes, values, bytes < sizeof lanes ? bytes : sizeof lanes);
  float sum = 0;
  for (const float lane : lanes) sum += lane;
  return sum;
}

#if defined(__clang__)
template <typename Vector>
float sum_lanes(const Vector& value) { return sum_floats(&value, sizeof value); }
#else
template <typename Vector>
float sum_lanes(Vector value) { return sum_floats(&value, sizeof value); }
#endif

#define ADVISE_FOUR(instruction, a, b, c, d)                                                                  \
  asm volatile(ADVISE_STEP(instruction, a) ADVISE_STEP(instruction, b) ADVISE_STEP(instruction, c)             \
                   ADVISE_STEP(instruction, d)                                                                 \
               : [a] "+v"(a), [b] "+v"(b), [c] "+v"(c), [d] "+v"(d)                                            \
               : [x] "v"(x), [y] "v"(y))

#define ADVISE_THROUGHPUT_LOOP(name, isa, Vector, instruction, flops_per_instruction)                       \
  __attribute__((target(isa))) double name(long iterations) {                                              \
    Vector x, y, a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7;                              \
    std::memset(&x, 0, sizeof x);                                                                             \
    y = x;                                                                                                    \
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = x;                        \
    for (long i = 0; i < iterations; ++i) {                                                                   \
      ADVISE_EIGHT(instruction, a0, a1, a2, a3, a4, a5, a6, a7);                                              \
      ADVISE_EIGHT(instruction, b0, b1, b2, b3, b4, b5, b6, b7);                                              \
    }                                                                                                         \
    volatile float sink = sum_lanes(a0) + sum_lanes(b7);                                                      \
    (void)sink;                                                                                               \
    return 16.0 * (flops_per_instruction) * static_cast<double>(iterations);                                 \
  }

// AVX2 has 16 vector registers: 16 accumulators plus the two operands would not fit, and the
// compiler would move accumulators through memory every iteration. 12 still cover the FMA
// latency of both pipes (4-5 cycles × 2).
#define ADVISE_THROUGHPUT_LOOP_12(name, isa, Vector, instruction, flops_per_instruction)                    \
  __attribute__((target(isa))) double name(long iterations) {                                              \
    Vector x, y, a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3;                                              \
    std::memset(&x, 0, sizeof x);                                                                             \
    y = x;                                                                                                    \
    a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = b0 = b1 = b2 = b3 = x;                                            \
    for (long i = 0; i < iterations; ++i) {                                                                   \
      ADVISE_EIGHT(instruction, a0, a1, a2, a3, a4, a5, a6, a7);                                              \
      ADVISE_FOUR(instruction, b0, b1, b2, b3);                                                               \
    }                                                                                                         \
    volatile float sink = sum_lanes(a0) + sum_lanes(b3);                                                      \
    (void)sink;                                                                                               \
    return 12.0 * (flops_per_instruction) * static_cast<double>(iterations);                                 \
  }

// fp32 FMA: 16 (zmm) or 8 (ymm) lanes × 2 FLOPs; bf16 dot product: 32 pairs × 2 FLOPs.
ADVISE_THROUGHPUT_LOOP(fma_loop_avx512, "avx512f", __m512, "vfmadd231ps", 32)
ADVISE_THROUGHPUT_LOOP_12(fma_loop_avx2, "avx2,fma", __m256, "vfmadd231ps", 16)
ADVISE_THROUGHPUT_LOOP(bf16_loop_avx512, "avx512f,avx512bf16", __m512, "vdpbf16ps", 64)
#endif

}  // namespace

double fma_loop(long iterations) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f")) return fma_loop_avx512(iterations);
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return fma_loop_avx2(iterations);
#endif
  // Portable fallback: the compiler vectorises what it can.
  float acc[64];
  std::fill(std::begin(acc), std::end(acc), 1.0f);
  for (long i = 0; i < iterations; ++i) {
    for (float& value : acc) value = value * 0.999999f + 1e-7f;
  }
  volatile float sink = acc[0];
  (void)sink;
  return 64.0 * 2 * static_cast<double>(iterations);
}

#if defined(__x86_64__)
namespace {

// AMX: eight tile registers of up to 16 rows × 64 bytes, multiplied by the TMUL unit. One
// tdpbf16ps multiplies a 16×32 bf16 tile by a 32×16 one into 16×16 fp32 accumulators:
// 16·16·32 multiply-adds, 16,384 FLOPs.
constexpr double kAmxBf16FlopsPerInstruction = 16.0 * 16.0 * 32.0 * 2.0;

// The kernel hands out AMX's tile state only on request (Linux 5.16 and later): without the
// grant the first tile instruction faults. oneDNN asks for the same grant; asking again is harmless.
bool request_amx_tiles() {
  constexpr long kArchRequestComponentPermission = 0x1023;  // ARCH_REQ_XCOMP_PERM
  constexpr long kTileDataComponent = 18;                   // XFEATURE_XTILEDATA
  return syscall(SYS_arch_prctl, kArchRequestComponentPermission, kTileDataComponent) == 0;
}

// The 64-byte operand of ldtilecfg (palette 1): bytes per row and rows of each tile register.
struct alignas(64) TileConfig {
  std::uint8_t palette = 1;
  std::uint8_t start_row = 0;
  std::uint8_t reserved[14] = {};
  std::uint16_t bytes_per_row[16] = {};
  std::uint8_t rows[16] = {};
};

}  // namespace

// The CPU has AMX tiles with bf16 products, the OS saves their state, and this process may use them.
bool has_amx_bf16() {
  static const bool usable = [] {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return false;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    constexpr unsigned kAmxBf16 = 1u << 22, kAmxTile = 1u << 24;
    if ((edx & kAmxBf16) == 0 || (edx & kAmxTile) == 0) return false;
    unsigned xcr0_low = 0, xcr0_high = 0;
    asm volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    constexpr unsigned kTileConfigAndData = (1u << 17) | (1u << 18);
    if ((xcr0_low & kTileConfigAndData) != kTileConfigAndData) return false;
    return request_amx_tiles();
  }();
  return usable;
}

// Four independent accumulator tiles (tmm0-3) from two A tiles (tmm4-5) and two B tiles
// (tmm6-7), the 2×2 blocking that keeps the TMUL unit busy. A holds 1/32 and B holds 1 in bf16,
// so each tdpbf16ps adds exactly 32 × 1/32 = 1 to every accumulator: after n iterations every
// accumulator must read n (exact in fp32 up to 2^24). A loop whose result is wrong counts no FLOPs.
double amx_bf16_loop(long iterations) {
  TileConfig config;
  for (int tile = 0; tile < 8; ++tile) {
    config.bytes_per_row[tile] = 64;
    config.rows[tile] = 16;
  }
  constexpr std::uint16_t kOneThirtySecond = 0x3D00, kOne = 0x3F80;  // bf16 bit patterns
  alignas(64) std::uint16_t a[16 * 32], b[16 * 32];
  alignas(64) float c[16 * 16];
  std::fill(std::begin(a), std::end(a), kOneThirtySecond);
  std::fill(std::begin(b), std::end(b), kOne);
  const long stride = 64;
  asm volatile(
      "ldtilecfg %[config]\n\t"
      "tilezero %%tmm0\n\ttilezero %%tmm1\n\ttilezero %%tmm2\n\ttilezero %%tmm3\n\t"
      "tileloadd (%[a],%[stride],1), %%tmm4\n\t"
      "tileloadd (%[a],%[stride],1), %%tmm5\n\t"
      "tileloadd (%[b],%[stride],1), %%tmm6\n\t"
      "tileloadd (%[b],%[stride],1), %%tmm7"
      :
      : [config] "m"(config), [a] "r"(a), [b] "r"(b), [stride] "r"(stride)
      : "memory");
  for (long i = 0; i < iterations; ++i) {
    asm volatile(
        "tdpbf16ps %%tmm6, %%tmm4, %%tmm0\n\t"
        "tdpbf16ps %%tmm7, %%tmm4, %%tmm1\n\t"
        "tdpbf16ps %%tmm6, %%tmm5, %%tmm2\n\t"
        "tdpbf16ps %%tmm7, %%tmm5, %%tmm3" ::);
  }
  float last[16 * 16];
  asm volatile(
      "tilestored %%tmm0, (%[c],%[stride],1)\n\t"
      "tilestored %%tmm3, (%[last],%[stride],1)\n\t"
      "tilerelease"
      :
      : [c] "r"(c), [last] "r"(last), [stride] "r"(stride)
      : "memory");
  const float expected = static_cast<float>(std::min(iterations, 1L << 24));
  const bool correct = std::all_of(std::begin(c), std::end(c), [&](float v) { return v == expected; }) &&
                       std::all_of(std::begin(last), std::end(last), [&](float v) { return v == expected; });
  return correct ? 4.0 * kAmxBf16FlopsPerInstruction * static_cast<double>(iterations) : 0.0;
}
#else
bool has_amx_bf16() { return false; }
double amx_bf16_loop(long) { return 0; }
#endif

bool has_bf16_dot_product() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx512bf16");
#else
  return false;
#endif
}

double bf16_loop(long iterations) {
#if defined(__x86_64__)
  return bf16_loop_avx512(iterations);
#else
  return fma_loop(iterations);
#endif
}

}  // namespace advise::detail
