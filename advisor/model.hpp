#pragma once
// The model description: what the user wrote in model.toml, checked and
// located, before any arithmetic. Format in README.md ("Model files").

#include <cstdint>
#include <string>
#include <vector>

#include "pricing/input_error.hpp"

namespace advise {

struct TrainingSettings {
  std::int64_t batch_size = 0;
  std::int64_t samples = 0;  // examples per epoch
  std::int64_t epochs = 0;
  std::string precision = "fp32";
  std::string optimizer = "adam";  // sgd | momentum | adam | adamw
};

struct LayerDescription {
  std::string kind;        // "dense"
  std::int64_t inputs = 0;
  std::int64_t outputs = 0;
  std::string activation;  // empty: none
  bool bias = true;
  std::int64_t repeat = 1;
  SourcePosition where;    // the [[layer]] table, for errors found later
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
