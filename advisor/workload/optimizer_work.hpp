#pragma once
// The optimizer's work in a step: the state it keeps and the memory its update
// moves, one unfused framework operation at a time.

#include <cstdint>
#include <string>

namespace advise {

struct BuildContext;
struct StepWork;

// Optimizer state copies per parameter (fp32), and fp32 values read + written
// per parameter by an eager framework's update, one unfused operation at a time:
// sgd reads w and g and writes w (3); momentum first updates its buffer (mul_, add_: 5), then w;
// Adam updates both moments (mul_ and add_, mul_ and addcmul_: 11), builds the
// denominator (sqrt, divide, add eps: 6) and applies it (addcdiv_: 4), 21 in all;
// AdamW also decays the weights (mul_: 2).
// Tensors of a parameter's size that those operations touch one after another, the
// working set of one tensor's update: sgd w and g; momentum also its buffer; Adam w, g,
// both moments and the two temporaries of the denominator (sqrt, then the division).
// Of the values moved, the first read of w, g and the state and the last write of w and
// the state happen once a step (sgd 3, momentum 5, Adam 7): those come from memory.
struct OptimizerCost {
  std::int64_t state_copies;
  std::int64_t values_moved;
  std::int64_t tensors_touched;
  std::int64_t values_once_per_step() const { return 3 + 2 * state_copies; }
};

// sgd | momentum | adam | adamw (the model loader accepts no other).
OptimizerCost optimizer_cost(const std::string& optimizer);

// Sets the optimizer's bytes per parameter in `context`: it updates fp32 (master) weights;
// mixed precision also writes the low-precision copy.
void set_optimizer_bytes(BuildContext& context, const OptimizerCost& optimizer, bool mixed_precision);

// The update of one layer copy's `parameters` as memory traffic. Its first reads of the
// weights, gradients and state and its last writes come once a step, from memory; its other
// passes find them in cache while it works on the copy, whose tensors are their working set.
void add_optimizer_traffic(StepWork& work, double parameters, const BuildContext& context);

}  // namespace advise
