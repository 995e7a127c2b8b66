#pragma once
// A GEMM or convolution in a training step reads its operands from memory. The probe times each
// shape by calling it again and again, so operands that fit the caches stay there between calls;
// in a step, the operations between two uses of a weight or an activation move more data than
// the caches hold, and evict them (dirty, so that each eviction also writes back). Timed alone
// in PyTorch on this kind of machine, a GEMM after a 64 MiB write took 1.3 to 2.3 times its
// operands' bytes over memory bandwidth longer than called back to back, where those operands fit
// the caches (256x2048x2048 fp32: +0.40 ms on 11.0; 1024x192x768 bf16: +0.05 ms on 0.49), and
// about nothing more where they did not. So each call adds its operands' bytes at memory bandwidth,
// less what the probe already paid: the share of them the caches served at that working set.

#include "advisor/predict/cpu_bandwidth.hpp"
#include "advisor/workload/gemm.hpp"

namespace advise {

// One GEMM's operands and result per step, and the working set of one call.
struct OperandTraffic {
  double bytes = 0;
  double working_set_bytes = 0;
};

// A convolution moves its input, weights and output (in each pass, the same three sizes), not
// its implicit GEMM's unrolled input; a batched GEMM's instances run as one call.
OperandTraffic operand_traffic(const WorkloadGemm& gemm);

// The step's extra seconds for fetching its GEMMs' operands from memory at `memory_bytes_per_s`
// where `bandwidth`'s probe found them in the caches.
double cold_operand_seconds(const std::vector<WorkloadGemm>& gemms, const CpuBandwidth& bandwidth,
                            double memory_bytes_per_s);

}  // namespace advise
