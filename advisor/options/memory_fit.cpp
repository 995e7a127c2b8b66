#include "advisor/options/memory_fit.hpp"

#include <cmath>

#include "advisor/options/format.hpp"

namespace advise {

double usable_memory(std::int64_t bytes) { return static_cast<double>(bytes) * kUsableMemoryFraction; }

std::int64_t memory_per_gpu(const MemoryFootprint& memory, std::int64_t gpus, bool sharded) {
  const std::int64_t states = memory.weights + memory.master_weights + memory.gradients + memory.optimizer;
  const std::int64_t activations = (memory.activations + gpus - 1) / gpus;
  return (sharded ? (states + gpus - 1) / gpus : states) + activations;
}

std::int64_t gpus_needed_sharded(const MemoryFootprint& memory, std::int64_t gpu_memory_bytes) {
  const double per_gpu = usable_memory(gpu_memory_bytes);
  if (per_gpu <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(memory.total()) / per_gpu));
}

GpuFit fit_on_gpus(const MemoryFootprint& memory, std::int64_t gpus, std::int64_t gpu_memory) {
  GpuFit fit;
  fit.placement.gpus = gpus;
  fit.needed_per_gpu = memory_per_gpu(memory, gpus, false);
  if (static_cast<double>(fit.needed_per_gpu) <= usable_memory(gpu_memory)) {
    fit.fits = true;
    return fit;
  }
  if (gpus > 1) {
    fit.placement.sharded = true;
    fit.needed_per_gpu = memory_per_gpu(memory, gpus, true);
    fit.fits = static_cast<double>(fit.needed_per_gpu) <= usable_memory(gpu_memory);
  }
  return fit;
}

void check_memory(Option& option, std::int64_t needed, std::int64_t available, const std::string& what) {
  option.memory_needed_bytes = needed;
  option.memory_available_bytes = available;
  if (static_cast<double>(needed) > usable_memory(available)) {
    option.feasible = false;
    option.infeasible_reason = "needs " + format_bytes(static_cast<double>(needed)) + " of memory, " + what + " has " +
                               format_bytes(static_cast<double>(available));
  }
}

std::string gpu_memory_shortfall(const MemoryFootprint& memory, const std::string& gpu_name,
                                 std::int64_t gpu_memory_bytes, std::int64_t gpus, std::int64_t needed_per_gpu,
                                 std::int64_t needed_sharded) {
  std::string text = "needs " + format_bytes(static_cast<double>(memory.total())) + " of memory";
  if (gpus > 1) {
    text += ": " + format_bytes(static_cast<double>(needed_per_gpu)) + " on each of its " + std::to_string(gpus) +
            " GPUs even sharded (ZeRO-3 / FSDP)";
  }
  text += ", and one " + gpu_name + " has " + format_bytes(static_cast<double>(gpu_memory_bytes)) + " (";
  text += needed_sharded > 0 ? "at least " + std::to_string(needed_sharded) + " " + gpu_name + " GPUs sharded"
                             : "no number of " + gpu_name + " GPUs";
  return text + " would hold it)";
}

}  // namespace advise
