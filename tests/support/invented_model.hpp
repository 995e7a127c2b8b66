#pragma once
// A model description built in code, for tests of what a workload counts.

#include <string>
#include <utility>
#include <vector>

#include "advisor/model/model.hpp"

namespace advise::testing {

// A model of `layers` trained in fp32 with batch `batch` and `optimizer`, ten steps an epoch.
inline ModelDescription model_of(const std::string& name, std::int64_t batch, const std::string& optimizer,
                                 std::vector<LayerDescription> layers) {
  ModelDescription model;
  model.name = name;
  model.file = name + ".toml";
  model.training = {batch, 10 * batch, 1, "fp32", optimizer};
  model.layers = std::move(layers);
  return model;
}

// A dense layer of `inputs` to `outputs` features, with a bias.
inline LayerDescription dense_layer(const std::string& name, std::int64_t inputs, std::int64_t outputs) {
  LayerDescription dense;
  dense.kind = "dense";
  dense.name = name;
  dense.inputs = inputs;
  dense.outputs = outputs;
  return dense;
}

// A one-directional LSTM over `seq_len` steps of `inputs` features.
inline LayerDescription lstm_layer(const std::string& name, std::int64_t inputs, std::int64_t hidden,
                                   std::int64_t seq_len) {
  LayerDescription lstm;
  lstm.kind = "lstm";
  lstm.name = name;
  lstm.inputs = inputs;
  lstm.hidden = hidden;
  lstm.seq_len = seq_len;
  return lstm;
}

}  // namespace advise::testing
