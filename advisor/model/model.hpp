#pragma once
// The model description: what the user wrote in model.toml, checked field by
// field and located, before any arithmetic. Shapes flowing between layers are
// checked when the workload is built (workload.hpp). Format in README.md.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pricing/input_error.hpp"

namespace advise {

struct TrainingSettings {
  std::int64_t batch_size = 0;
  std::int64_t samples = 0;  // examples per epoch (sequences for sequence models)
  std::int64_t epochs = 0;
  std::string precision = "fp32";  // fp32 | tf32 | bf16 | fp16 (bf16/fp16: mixed precision)
  std::string optimizer = "adam";  // sgd | momentum | adam | adamw
  // Under mixed precision, the loss runs on the 16-bit logits (a model cast to half, as apex's O2
  // runs it) rather than in fp32 on logits cast up (autocast's choice). No effect in fp32 or tf32.
  bool half_precision_loss = false;
  // Under mixed precision, log-softmax reads the 16-bit logits and writes fp32 itself (PyTorch's
  // log_softmax(x, dtype=torch.float32)): no separate casts up and down. Excludes the above.
  bool fused_loss_upcast = false;
  // The loss also averages every class score (label smoothing written out, as a mean over the
  // log-probabilities whose gradient is added to the likelihood's).
  bool label_smoothing = false;
};

// One [[layer]] (or one entry of a block's `layers`). Only the fields of its
// kind are meaningful; a field left at 0 was not given.
struct LayerDescription {
  std::string kind;  // dense | conv2d | embedding | transformer | lstm | additive_attention | norm | activation | pool | block
  std::string name;  // "layer[3]", "layer[5].layers[2]": how errors and --explain name it
  SourcePosition where;
  std::map<std::string, SourcePosition> field_positions;  // of the fields that were given
  std::int64_t repeat = 1;

  std::int64_t inputs = 0, outputs = 0;  // dense; lstm inputs
  std::string activation;                // dense, block: applied after; empty: none
  bool bias = true;                      // dense, conv2d

  std::int64_t in_channels = 0, out_channels = 0, kernel = 0, stride = 1, padding = 0, groups = 1;  // conv2d, pool
  std::int64_t input_height = 0, input_width = 0;  // conv2d `input = [H, W]`; 0: from the previous layer

  std::int64_t vocab = 0, dim = 0;  // embedding
  bool tied = false;                // embedding: the model ends with an output projection sharing its weights

  std::int64_t d_model = 0, heads = 0, ffn = 0;  // transformer
  std::int64_t memory = 0;  // transformer: cached positions of the previous segment also attended to (Transformer-XL)
  std::int64_t seq_len = 0;                      // transformer, lstm, embedding; 0: from the previous layer

  std::int64_t hidden = 0;  // lstm
  bool bidirectional = false;
  // lstm: of its `inputs`, features an earlier layer's output adds to the previous layer's, copied
  // in (a decoder layer taking its attention context again); 0: none.
  std::int64_t concat = 0;

  // additive_attention (Bahdanau): the score's width; the positions attended to and their width
  // (0: the query sequence's own); `normalize` adds a bias to the score tensor (normalized form).
  std::int64_t units = 0, keys = 0, key_width = 0;
  bool normalize = false;

  std::int64_t size = 0;  // norm: features normalised (0: from the previous layer)
  std::string function;   // norm: batch | layer; activation: relu, ...; pool: max | avg | first | mean
  bool global = false;    // pool over the whole image

  std::vector<LayerDescription> layers;    // block: its layers in order
  std::vector<LayerDescription> shortcut;  // block: the skip path (empty: identity)
  bool residual = false;                   // block: adds the skip path to its output

  SourcePosition position(const std::string& field) const;  // the field's, or the layer's
};

struct ModelDescription {
  std::string name;
  std::string file;
  TrainingSettings training;
  std::vector<LayerDescription> layers;
};

// Reads and checks a model file; throws InputError naming file:line:column and the field.
ModelDescription load_model(const std::string& path);

}  // namespace advise
