#pragma once
// Register-only loops that run one kind of arithmetic unit flat out, for the CPU's measured
// peaks: FMA (fp32), AVX-512 bf16 dot products and AMX bf16 tiles. Each returns the FLOPs one
// call did. Private to cpu_info.cpp.

namespace advise::detail {

// The widest FMA loop this CPU supports (a portable loop elsewhere).
double fma_loop(long iterations);

// AVX-512 bf16 dot products (vdpbf16ps).
bool has_bf16_dot_product();
double bf16_loop(long iterations);

// AMX bf16 tiles (tdpbf16ps), where the CPU has them and the kernel grants them. The loop
// checks the sums its tiles computed and counts no FLOPs when they are wrong.
bool has_amx_bf16();
double amx_bf16_loop(long iterations);

}  // namespace advise::detail
