#pragma once
// An eager framework's own time in a CPU training step: dispatch, autograd
// records and the optimizer's loop over tensors. On a CPU it adds to the
// arithmetic (nothing runs asynchronously), so it dominates small models.

#include <map>
#include <string>

#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/framework_calibration.hpp"
#include "probes/measurement.hpp"

namespace advise {

// Where the framework's elementwise rate is timed: a ReLU over 256Ki fp32 values, whose pass
// reads and writes three such tensors.
inline constexpr double kElementwiseReferenceWorkingSet = 3.0 * 256 * 1024 * 4;

// An eager framework's own time on the CPU per layer copy (forward and backward),
// per optimizer tensor update and per step, apart from any arithmetic: measured on
// tiny layers by bench/validate/framework_costs.py. Zero when no table is given.
struct CpuFrameworkCosts {
  double dense = 0, conv2d = 0, pool = 0, sequence_pool = 0, batch_norm = 0, layer_norm = 0, activation = 0,
         embedding = 0, residual = 0, transformer = 0, lstm = 0, lstm_step = 0, step = 0;
  double optimizer_sgd = 0, optimizer_momentum = 0, optimizer_adam = 0, optimizer_adamw = 0;
  // Each optimizer's step() call apart from its tensors (its Python loop set-up, state
  // bookkeeping), once per step; `step` is the rest of a step's fixed cost (0: not measured).
  double optimizer_sgd_call = 0, optimizer_momentum_call = 0, optimizer_adam_call = 0, optimizer_adamw_call = 0;
  double pool_elements_per_second = 0;  // a 2D pool's forward and backward, per input element (0: not modelled)
  double lstm_gate_elements_per_second = 0;  // an LSTM cell's elementwise work, per gate value (0: not modelled)
  // Multi-head attention's work apart from GEMMs and softmax, per token and model feature (0: not modelled).
  double attention_reshape_elements_per_second = 0;
  // Batch norm, layer norm and attention's softmax, forward and backward, per element (0: their
  // memory traffic counts instead).
  double batch_norm_elements_per_second = 0, layer_norm_elements_per_second = 0, softmax_elements_per_second = 0;
  // The loss (cross-entropy: log-softmax over the classes and the negative log likelihood), forward
  // and backward, per class score (0: its memory traffic counts instead).
  double cross_entropy_elements_per_second = 0;
  // Mixed precision's casts, each a tensor to bf16 and its gradient back to fp32: per cast apart
  // from its elements, and per element (0: not modelled).
  double cast = 0, cast_elements_per_second = 0;
  // The framework's own elementwise kernels (a ReLU's forward and backward, per byte moved) at
  // kElementwiseReferenceWorkingSet: below the bandwidth the triad reaches in the caches, and a
  // ceiling on the step's elementwise traffic (activations, bias and residual adds, gathers).
  // 0: the traffic runs at the triad's bandwidth.
  double elementwise_bytes_per_second = 0;
  // The triad's bandwidth at that working set on the CPU the rate was measured on: elsewhere the
  // rate scales by the bandwidth there over this (0: measured here, applied as it is).
  double reference_elementwise_bytes_per_second = 0;
  // gelu, tanh, sigmoid and silu activations' forward and backward, per element; modelled only
  // when all four are given (else their memory traffic counts).
  std::map<std::string, double> activation_elements_per_second;
  // The arithmetic probe's rate for each of its kinds (probes/arithmetic_probe.hpp) on the CPU
  // and threads the rates above were measured on, at the sizes they were measured at: the rates
  // are carried to this CPU, the model's sizes and the probe's threads by this probe's figure
  // here over that one (arithmetic_rates.hpp). A kind without it is scaled by the dispatch probe.
  std::map<std::string, double> reference_arithmetic;
  // The dispatch probe's seconds per operation on the CPU these were measured on: on
  // another CPU they scale by its own figure over this one (0: not scaled).
  double reference_dispatch_seconds = 0;
  std::string source;
  // "PyTorch 1.13.1 (OpenBLAS, 2 threads)" when measured on this machine (`advise calibrate
  // pytorch`); empty for the bundled reference from another CPU.
  std::string calibrated_with;

  // Seconds per parameter tensor per step for an optimizer (sgd | momentum | adam | adamw).
  double optimizer_per_tensor(const std::string& optimizer) const;
  // Seconds per step() call of an optimizer, apart from its tensors.
  double optimizer_per_call(const std::string& optimizer) const;
  // Whether the transcendental activations' measured rates replace their memory traffic.
  bool models_activation_math() const;
};

// The costs `advise calibrate` measured on this machine (`origin` names where they were read,
// for messages), applied as they are (no dispatch scaling); a figure the calibration lacks (its
// measurement stayed lost in noise) comes from `bundled`, the [cpu_framework] table, and the
// label counts them. Throws InputError for a figure out of range.
CpuFrameworkCosts calibrated_framework_costs(const FrameworkCalibration& calibration, const UninterpretedTable& bundled,
                                             const std::string& origin);

// Reads the catalogs' [cpu_framework] table (pricing keeps it as written); all zero
// when none was given. Throws InputError naming file:line:column and the field.
CpuFrameworkCosts read_framework_costs(const UninterpretedTable& table);

// A step's framework time in two parts that scale differently from one CPU to another:
// per-call bookkeeping (one thread) and arithmetic at measured rates, by kind
// (probes/arithmetic_probe.hpp's kinds).
struct FrameworkSeconds {
  double calls = 0;
  std::map<std::string, double> arithmetic;
  double arithmetic_total() const;
};
FrameworkSeconds framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs);

// Seconds per step: each layer copy at its kind's measured cost, each LSTM time
// step, each parameter tensor's optimizer update, the optimizer's call, the fixed
// cost of a step, and 2D pooling, LSTM cells, attention's head reshapes and
// transcendental activations at their measured rates.
double cpu_framework_seconds(const Workload& workload, const CpuFrameworkCosts& costs);

// How much slower (above 1) or faster than the CPU the costs were measured on this CPU
// runs the framework's own code: the ratio of their dispatch probe figures, 1 when
// either is missing.
double framework_speed_ratio(const CpuFacts& cpu, const CpuFrameworkCosts& costs);

// What to tell the user when framework_speed_ratio falls back to 1 although the costs came
// from another CPU (the dispatch probe failed or did not run): "" otherwise.
std::string unscaled_framework_note(const CpuFacts& cpu, const CpuFrameworkCosts& costs);

}  // namespace advise
