#pragma once
// The work of one layer (one copy) of a training step, and the shape of what it
// passes on. One file per layer kind or family beside this one.

#include <cstdint>
#include <string>

#include "advisor/model/model.hpp"
#include "advisor/workload/step_work.hpp"

namespace advise {

// bf16 and fp16 train in mixed precision: 16-bit GEMMs and activations, fp32 master weights.
inline bool mixed_precision(const std::string& precision) { return precision == "bf16" || precision == "fp16"; }

struct BuildContext {
  std::int64_t batch = 0;
  std::string dtype = "fp32";      // of GEMMs
  std::int64_t element_bytes = 4;  // of activations: 2 under mixed precision
  bool loss_in_16_bits = false;    // the loss reads and writes the 16-bit logits (no casts up and down)
  bool loss_upcast_fused = false;  // log-softmax reads the 16-bit logits and writes fp32 (no separate casts)
  bool label_smoothing = false;    // the loss also averages every class score
  double optimizer_bytes_per_parameter = 0;  // moved by the optimizer's update
  double optimizer_once_per_step_bytes_per_parameter = 0;  // of those, the first reads and last writes
  double optimizer_working_set_per_parameter = 12;  // bytes its operations on one tensor touch
};

struct LayerResult {
  StepWork work;
  FeatureShape output;
};

// One copy of `layer` on `input`. `input_needs_grad` is false only for the
// model's own input, which needs no gradient (so its first layer computes no dX).
LayerResult build_layer(const LayerDescription& layer, const FeatureShape& input, bool input_needs_grad,
                        const BuildContext& context);

// `layer` with its repeat: the first copy, then repeat - 1 more (which must keep the shape).
LayerResult build_repeated_layer(const LayerDescription& layer, const FeatureShape& input, bool input_needs_grad,
                                 const BuildContext& context);

// The --explain row of one copy of `layer` (explain_rows.cpp).
LayerSummary summarize_layer(const LayerDescription& layer, const StepWork& work, const FeatureShape& output,
                             const BuildContext& context);

// One copy of each kind, on an input whose shape the kind checks.
LayerResult dense_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c);
LayerResult conv2d_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c);
LayerResult pool_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c);
LayerResult norm_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c);
LayerResult activation_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c);
LayerResult embedding_layer(const LayerDescription& layer, const FeatureShape& input, const BuildContext& c);
LayerResult transformer_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad,
                              const BuildContext& c);
LayerResult lstm_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c);
LayerResult additive_attention_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad,
                                     const BuildContext& c);
LayerResult block_layer(const LayerDescription& layer, const FeatureShape& input, bool needs_grad, const BuildContext& c);

}  // namespace advise
