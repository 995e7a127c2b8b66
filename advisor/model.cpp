#include "model.hpp"

#include "pricing/suggest.hpp"
#include "pricing/toml_fields.hpp"

namespace advise {
namespace {

// Bounds that catch typos and nonsense while allowing the largest real models
// (a 100-million-output layer, trillions of tokens per epoch).
constexpr std::int64_t kMaxDimension = 1'000'000'000;
constexpr std::int64_t kMaxBatch = 100'000'000;
constexpr std::int64_t kMaxSamples = 1'000'000'000'000'000;
constexpr std::int64_t kMaxEpochs = 1'000'000;
constexpr std::int64_t kMaxRepeat = 100'000;

const std::vector<std::string> kLayerKinds = {"dense"};
// Kinds the model format defines that this version cannot yet turn into work.
const std::vector<std::string> kPlannedLayerKinds = {"conv2d", "embedding", "transformer", "lstm",
                                                     "norm",   "activation", "pool"};
const std::vector<std::string> kActivations = {"relu", "gelu", "tanh", "sigmoid", "silu", "none"};
const std::vector<std::string> kPrecisions = {"fp32", "tf32", "bf16", "fp16"};
const std::vector<std::string> kOptimizers = {"sgd", "momentum", "adam", "adamw"};

TrainingSettings read_training(FieldReader& top, const std::string& file) {
  const toml::table* table = top.optional_table("training");
  if (!table) throw InputError(top.position(), "training", "missing required table [training]");
  FieldReader fields(*table, file, "training");
  TrainingSettings training;
  training.batch_size = fields.required_integer("batch_size", 1, kMaxBatch);
  training.samples = fields.required_integer("samples", 1, kMaxSamples);
  training.epochs = fields.required_integer("epochs", 1, kMaxEpochs);
  training.precision = fields.optional_choice("precision", kPrecisions).value_or("fp32");
  if (training.precision != "fp32") {
    fields.fail("precision", "\"" + training.precision +
                                 "\" is not supported by this version: it models fp32 training only");
  }
  training.optimizer = fields.optional_choice("optimizer", kOptimizers).value_or("adam");
  fields.reject_unknown_fields();
  return training;
}

LayerDescription read_layer(FieldReader& fields) {
  LayerDescription layer;
  layer.where = fields.position();
  const std::string kind = fields.required_string("type");
  bool known = false;
  for (const auto& candidate : kLayerKinds) known = known || candidate == kind;
  if (!known) {
    for (const auto& planned : kPlannedLayerKinds) {
      if (planned == kind) fields.fail("type", "layer type \"" + kind + "\" is not supported by this version (supported: dense)");
    }
    fields.fail("type", "expected a layer type (dense), got \"" + kind + "\"" +
                            did_you_mean(kind, [] {
                              std::vector<std::string> all = kLayerKinds;
                              all.insert(all.end(), kPlannedLayerKinds.begin(), kPlannedLayerKinds.end());
                              return all;
                            }()));
  }
  layer.kind = kind;
  layer.inputs = fields.required_integer("inputs", 1, kMaxDimension);
  layer.outputs = fields.required_integer("outputs", 1, kMaxDimension);
  const std::string activation = fields.optional_choice("activation", kActivations).value_or("none");
  layer.activation = activation == "none" ? "" : activation;
  layer.bias = fields.optional_bool("bias").value_or(true);
  layer.repeat = fields.optional_integer("repeat", 1, kMaxRepeat).value_or(1);
  if (layer.repeat > 1 && layer.inputs != layer.outputs) {
    fields.fail("repeat", "a repeated dense layer feeds itself, so inputs must equal outputs; got inputs " +
                              std::to_string(layer.inputs) + " and outputs " + std::to_string(layer.outputs));
  }
  return layer;
}

void check_layer_chain(const std::vector<LayerDescription>& layers, const std::vector<SourcePosition>& inputs_at) {
  for (std::size_t i = 1; i < layers.size(); ++i) {
    if (layers[i].inputs != layers[i - 1].outputs) {
      throw InputError(inputs_at[i], "layer[" + std::to_string(i + 1) + "].inputs",
                       "expected " + std::to_string(layers[i - 1].outputs) + " (the outputs of layer[" +
                           std::to_string(i) + "]), got " + std::to_string(layers[i].inputs));
    }
  }
}

}  // namespace

ModelDescription load_model(const std::string& path) {
  const toml::table root = parse_toml_file(path);
  FieldReader top(root, path, "");
  ModelDescription model;
  model.file = path;

  const toml::table* header = top.optional_table("model");
  if (!header) throw InputError(top.position(), "model", "missing required table [model] (with name)");
  FieldReader model_fields(*header, path, "model");
  model.name = model_fields.required_string("name");
  model_fields.optional_string("source");
  model_fields.reject_unknown_fields();

  model.training = read_training(top, path);

  const toml::array* layers = top.optional_array("layer");
  if (!layers || layers->empty()) {
    throw InputError(top.position(), "layer", "missing layers: add at least one [[layer]] table");
  }
  std::vector<SourcePosition> inputs_at;
  std::size_t index = 0;
  for (const toml::node& node : *layers) {
    ++index;
    const std::string name = "layer[" + std::to_string(index) + "]";
    if (!node.is_table()) {
      throw InputError(position_of(path, node.source()), name, "expected a table ([[layer]]), got " + describe_value(node));
    }
    FieldReader fields(*node.as_table(), path, name);
    model.layers.push_back(read_layer(fields));
    inputs_at.push_back(fields.position("inputs"));
    fields.reject_unknown_fields();
  }
  check_layer_chain(model.layers, inputs_at);
  top.reject_unknown_fields();
  return model;
}

}  // namespace advise
