#include "cpu_info.hpp"

#include <omp.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <oneapi/dnnl/dnnl.hpp>
#include <set>
#include <thread>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace advise {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string cpuinfo_value(const std::string& line) {
  const auto colon = line.find(':');
  if (colon == std::string::npos) return "";
  const auto begin = line.find_first_not_of(" \t", colon + 1);
  return begin == std::string::npos ? "" : line.substr(begin);
}

#if defined(__x86_64__)
// 12 independent accumulators hide the FMA latency (4 cycles × 2 pipes needs ≥ 8).
__attribute__((target("avx512f"))) double fma_loop_avx512(long iterations) {
  __m512 acc[12];
  for (auto& value : acc) value = _mm512_set1_ps(1.0f);
  const __m512 x = _mm512_set1_ps(0.999999f);
  const __m512 y = _mm512_set1_ps(1e-7f);
  for (long i = 0; i < iterations; ++i) {
    for (auto& value : acc) value = _mm512_fmadd_ps(value, x, y);
  }
  __m512 sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = _mm512_add_ps(sum, acc[j]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return 12.0 * 16 * 2 * static_cast<double>(iterations);
}

__attribute__((target("avx2,fma"))) double fma_loop_avx2(long iterations) {
  __m256 acc[12];
  for (auto& value : acc) value = _mm256_set1_ps(1.0f);
  const __m256 x = _mm256_set1_ps(0.999999f);
  const __m256 y = _mm256_set1_ps(1e-7f);
  for (long i = 0; i < iterations; ++i) {
    for (auto& value : acc) value = _mm256_fmadd_ps(value, x, y);
  }
  __m256 sum = acc[0];
  for (int j = 1; j < 12; ++j) sum = _mm256_add_ps(sum, acc[j]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return 12.0 * 8 * 2 * static_cast<double>(iterations);
}
#endif

// FLOPs done by one call of the widest FMA loop this CPU supports.
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

// FLOP/s of the FMA loop on the calling thread, over about `seconds`.
double fma_rate_one_thread(double seconds) {
  fma_loop(10000);  // wake the vector unit (AVX-512 may run slower for its first microseconds)
  long iterations = 100000;
  double best = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < seconds) {
    const auto begin = Clock::now();
    const double flops = fma_loop(iterations);
    const double elapsed = seconds_since(begin);
    best = std::max(best, flops / elapsed);
    if (elapsed < 0.005) iterations *= 2;
  }
  return best;
}

}  // namespace

std::string cpu_model_name() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) return cpuinfo_value(line);
  }
  return "unknown CPU";
}

int available_threads() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

int available_cores() {
  // Unique (physical id, core id) pairs; SMT siblings share one core's FMA units.
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::set<std::pair<std::string, std::string>> cores;
  std::string line, physical;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("physical id", 0) == 0) physical = cpuinfo_value(line);
    if (line.rfind("core id", 0) == 0) cores.emplace(physical, cpuinfo_value(line));
  }
  const int threads = available_threads();
  if (cores.empty()) return threads;
  return std::min(threads, static_cast<int>(cores.size()));
}

std::string onednn_isa() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "other";
  }
}

double measure_clock_hz(double seconds) {
#if defined(__x86_64__)
  // Each add depends on the previous one, so the chain runs at one add per cycle.
  constexpr long kAddsPerIteration = 64;
  long iterations = 10000;
  double best = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < seconds) {
    unsigned long value = 0;
    const auto begin = Clock::now();
    for (long i = 0; i < iterations; ++i) {
      asm volatile(
          ".rept 64\n\t"
          "add $1, %0\n\t"
          ".endr"
          : "+r"(value));
    }
    const double elapsed = seconds_since(begin);
    best = std::max(best, static_cast<double>(iterations * kAddsPerIteration) / elapsed);
    if (elapsed < 0.002) iterations *= 2;
  }
  return best;
#else
  (void)seconds;
  return 0;
#endif
}

double measure_fma_flops(int threads, double seconds) {
  double total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
  total += fma_rate_one_thread(seconds);
  return total;
}

CpuFacts discover_cpu(int threads_used) {
  CpuFacts facts;
  facts.name = cpu_model_name();
  facts.threads = available_threads();
  facts.cores = available_cores();
  facts.threads_used = threads_used;
  facts.memory_bytes = static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
  facts.isa = onednn_isa();
  facts.clock_hz = measure_clock_hz(0.03);
  const double one_core = fma_rate_one_thread(0.03);
  if (facts.clock_hz > 0) facts.fp32_flops_per_cycle_per_core = one_core / facts.clock_hz;
  // Threads beyond the physical cores share FMA units: they add no peak.
  const int compute_threads = std::min(threads_used, facts.cores);
  facts.peak_flops["fp32"] = measure_fma_flops(compute_threads, 0.03);
  return facts;
}

}  // namespace advise
