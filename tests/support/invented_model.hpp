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

}  // namespace advise::testing
