#include "advisor/workload/optimizer_work.hpp"

#include "advisor/workload/layers/layer.hpp"

namespace advise {

OptimizerCost optimizer_cost(const std::string& optimizer) {
  if (optimizer == "sgd") return {0, 3, 2};
  if (optimizer == "momentum") return {1, 8, 3};
  if (optimizer == "adamw") return {2, 23, 6};
  return {2, 21, 6};  // adam
}

void set_optimizer_bytes(BuildContext& context, const OptimizerCost& optimizer, bool mixed_precision) {
  const double low_precision_copy = mixed_precision ? 2 : 0;
  context.optimizer_bytes_per_parameter = static_cast<double>(optimizer.values_moved) * 4 + low_precision_copy;
  context.optimizer_once_per_step_bytes_per_parameter =
      static_cast<double>(optimizer.values_once_per_step()) * 4 + low_precision_copy;
  context.optimizer_working_set_per_parameter = static_cast<double>(optimizer.tensors_touched) * 4;
}

// Adam on the MNIST MLP's tensors took as long inside the training loop as after a 64 MB
// cache flush, about twice as long as back to back: hence the once-a-step share from memory.
void add_optimizer_traffic(StepWork& work, double parameters, const BuildContext& context) {
  const double once_per_step = parameters * context.optimizer_once_per_step_bytes_per_parameter;
  const double in_cache = parameters * context.optimizer_bytes_per_parameter - once_per_step;
  work.add_memory_traffic(TrafficKind::optimizer, once_per_step, kOncePerStep);
  if (in_cache > 0) {
    work.add_memory_traffic(TrafficKind::optimizer, in_cache, parameters * context.optimizer_working_set_per_parameter);
  }
}

}  // namespace advise
