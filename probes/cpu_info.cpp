#include "cpu_info.hpp"
#include "dispatch_probe.hpp"
#include "probes/detail/peak_loops.hpp"

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

namespace advise {
namespace {

using detail::amx_bf16_loop;
using detail::bf16_loop;
using detail::fma_loop;
using detail::has_amx_bf16;
using detail::has_bf16_dot_product;

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

// FLOP/s of `loop` on the calling thread, over about `seconds`.
double loop_rate_one_thread(double (*loop)(long), double seconds) {
  loop(10000);  // wake the vector unit (AVX-512 may run slower for its first microseconds)
  long iterations = 100000;
  double best = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < seconds) {
    const auto begin = Clock::now();
    const double flops = loop(iterations);
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

double isa_flops_per_cycle(const std::string& isa, const std::string& dtype) {
  double fp32 = 0;
  if (isa.rfind("avx512", 0) == 0) fp32 = 64;
  else if (isa.rfind("avx2", 0) == 0) fp32 = 32;
  else if (isa == "avx") fp32 = 16;
  else if (isa == "sse41") fp32 = 8;
  // One AMX tdpbf16ps (16,384 FLOPs) issues every 16 cycles.
  if (dtype == "bf16" && isa == "avx512_core_amx") return 1024;
  if (dtype == "bf16" && isa == "avx512_core_bf16") return 2 * fp32;
  return fp32;
}

double peak_flops(int cores, double flops_per_cycle, double clock_hz) {
  return static_cast<double>(cores) * flops_per_cycle * clock_hz;
}

double measure_clock_hz(double seconds) {
#if defined(__x86_64__)
  // Each add depends on the previous one, so the chain runs at one add per cycle. The addend is
  // a register the compiler cannot see the value of: Intel cores since Golden Cove fold chains of
  // adds of an immediate at renaming, several per cycle (an Emerald Rapids read 17 GHz).
  constexpr long kAddsPerIteration = 64;
  volatile unsigned long runtime_one = 1;
  const unsigned long one = runtime_one;
  long iterations = 10000;
  double best = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < seconds) {
    unsigned long value = 0;
    const auto begin = Clock::now();
    for (long i = 0; i < iterations; ++i) {
      asm volatile(
          ".rept 64\n\t"
          "add %1, %0\n\t"
          ".endr"
          : "+r"(value)
          : "r"(one));
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

double measure_all_core_clock_hz(int threads, double seconds) {
  double slowest = 0;
#pragma omp parallel num_threads(threads)
  {
    const double clock = measure_clock_hz(seconds);
#pragma omp critical
    slowest = slowest == 0 ? clock : std::min(slowest, clock);
  }
  return slowest;
}

namespace {

// FLOP/s of `loop` run on `threads` threads at once.
double loop_rate_all_threads(double (*loop)(long), int threads, double seconds) {
  double total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
  total += loop_rate_one_thread(loop, seconds);
  return total;
}

}  // namespace

double measure_fma_flops(int threads, double seconds) { return loop_rate_all_threads(fma_loop, threads, seconds); }

double measure_bf16_flops(int threads, double seconds) {
  // oneDNN runs bf16 GEMMs on AMX tiles where it may, else on dot-product instructions: the
  // faster of the two is the peak its results are held to.
  const double dot_product = has_bf16_dot_product() ? loop_rate_all_threads(bf16_loop, threads, seconds) : 0;
  const double tiles = has_amx_bf16() ? loop_rate_all_threads(amx_bf16_loop, threads, seconds) : 0;
  return std::max(dot_product, tiles);
}

CpuFacts discover_cpu(int threads_used, double dispatch_s) {
  CpuFacts facts;
  facts.name = cpu_model_name();
  facts.threads = available_threads();
  facts.cores = available_cores();
  facts.threads_used = threads_used;
  facts.memory_bytes = static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
  facts.isa = onednn_isa();
  facts.clock_hz = measure_clock_hz(0.03);
  facts.all_core_clock_hz = measure_all_core_clock_hz(threads_used, 0.03);
  const double one_core = loop_rate_one_thread(fma_loop, 0.03);
  if (facts.clock_hz > 0) facts.fp32_flops_per_cycle_per_core = one_core / facts.clock_hz;
  facts.isa_peak_flops["fp32"] = peak_flops(std::min(threads_used, facts.cores), isa_flops_per_cycle(facts.isa, "fp32"), facts.clock_hz);
  facts.isa_peak_flops["bf16"] = peak_flops(std::min(threads_used, facts.cores), isa_flops_per_cycle(facts.isa, "bf16"), facts.clock_hz);
  // Threads beyond the physical cores share FMA units: they add no peak.
  const int compute_threads = std::min(threads_used, facts.cores);
  facts.peak_flops["fp32"] = measure_fma_flops(compute_threads, 0.03);
  // bf16 runs on AMX tiles or dot-product units where the CPU has them; otherwise oneDNN converts to fp32.
  const double bf16 = measure_bf16_flops(compute_threads, 0.03);
  facts.peak_flops["bf16"] = bf16 > 0 ? bf16 : facts.peak_flops["fp32"];
  const DispatchMeasurement dispatch = probe_dispatch(dispatch_s);
  if (dispatch.verified) facts.dispatch_seconds = dispatch.seconds_per_operation;
  return facts;
}

}  // namespace advise
