#pragma once
// Facts about this machine's CPU. The clock and the FMA throughput are
// measured, not read: lscpu's MHz is the TSC rate, not the core clock.

#include <string>

#include "measurement.hpp"

namespace advise {

// "model name" from /proc/cpuinfo; "unknown CPU" when not available.
std::string cpu_model_name();

// Physical cores and hardware threads this process may run on.
int available_threads();
int available_cores();

// The instruction set oneDNN dispatches to, e.g. "avx512_core_bf16".
std::string onednn_isa();

// Core clock in Hz from a chain of dependent integer adds (one per cycle);
// 0 where that cannot be measured (non-x86).
double measure_clock_hz(double seconds);
// The clock with `threads` threads running the add chain at once: the slowest thread's.
double measure_all_core_clock_hz(int threads, double seconds);

// Achieved fp32 FLOP/s of a register-only FMA loop on `threads` threads at once,
// using the widest vectors the CPU has. This is the practical peak.
double measure_fma_flops(int threads, double seconds);

// Achieved FLOP/s of the faster bf16 loop the CPU has: AMX tiles (tdpbf16ps) or AVX-512 dot
// products (vdpbf16ps); 0 where it has neither.
double measure_bf16_flops(int threads, double seconds);

// FLOP per cycle per core that an ISA allows with two vector FMA units (the
// common server and desktop core): avx512 64, avx2 32, avx 16, sse4.1 8 for
// fp32; bf16 dot-product ISAs double fp32, AMX tiles make 1024. 0 for an unknown ISA.
double isa_flops_per_cycle(const std::string& isa, const std::string& dtype);

// cores × FLOP/cycle × clock.
double peak_flops(int cores, double flops_per_cycle, double clock_hz);

// Name, topology, ISA, clock and peak, with the probe running on `threads_used` threads.
// `dispatch_s`: the dispatch probe's budget (dispatch_probe.hpp).
CpuFacts discover_cpu(int threads_used, double dispatch_s = 0.25);

}  // namespace advise
