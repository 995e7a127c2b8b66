#pragma once
// Whether the training state fits a device: replicated over data-parallel GPUs,
// or sharded (ZeRO-3 / FSDP) when it does not.

#include <cstdint>
#include <string>

#include "advisor/options/option.hpp"
#include "advisor/predict/gpu_step.hpp"
#include "advisor/workload/workload.hpp"

namespace advise {

// Share of a device's memory a training job can use (runtime, workspace and
// fragmentation take the rest).
constexpr double kUsableMemoryFraction = 0.9;

double usable_memory(std::int64_t bytes);

// Memory a device needs per GPU when `gpus` share the work: states replicated
// (data parallel) or sharded (ZeRO-3); activations always split by batch.
std::int64_t memory_per_gpu(const MemoryFootprint& memory, std::int64_t gpus, bool sharded);

// The fewest GPUs of `gpu_memory_bytes` that hold the training state sharded (ZeRO-3).
std::int64_t gpus_needed_sharded(const MemoryFootprint& memory, std::int64_t gpu_memory_bytes);

// Where the work goes on a machine of `gpus` GPUs: replicated if it fits, else sharded, else nowhere.
struct GpuFit {
  bool fits = false;
  GpuPlacement placement;
  std::int64_t needed_per_gpu = 0;
};

GpuFit fit_on_gpus(const MemoryFootprint& memory, std::int64_t gpus, std::int64_t gpu_memory);

// Marks `option` infeasible, with the reason, when `needed` bytes exceed what `what` can use of `available`.
void check_memory(Option& option, std::int64_t needed, std::int64_t available, const std::string& what);

// Why `gpus` GPUs of `gpu_name` cannot hold the training, needing `needed_per_gpu` bytes on each
// (sharded, when there are several): the total, what one GPU has, and the fewest GPUs that would
// hold it sharded (`needed_sharded`, 0 when no number would).
std::string gpu_memory_shortfall(const MemoryFootprint& memory, const std::string& gpu_name,
                                 std::int64_t gpu_memory_bytes, std::int64_t gpus, std::int64_t needed_per_gpu,
                                 std::int64_t needed_sharded);

}  // namespace advise
