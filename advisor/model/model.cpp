#include "advisor/model/model.hpp"

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
constexpr std::int64_t kMaxKernel = 1'000;
constexpr std::int64_t kMaxSequence = 100'000'000;

const std::vector<std::string> kLayerKinds = {"dense", "conv2d",     "embedding", "transformer", "lstm",
                                              "norm",  "activation", "pool",      "block",       "additive_attention"};
const std::vector<std::string> kActivations = {"relu", "gelu", "tanh", "sigmoid", "silu", "none"};
const std::vector<std::string> kNorms = {"batch", "layer"};
const std::vector<std::string> kPools = {"max", "avg", "first", "mean"};
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
  training.optimizer = fields.optional_choice("optimizer", kOptimizers).value_or("adam");
  training.half_precision_loss = fields.optional_bool("half_precision_loss").value_or(false);
  training.fused_loss_upcast = fields.optional_bool("fused_loss_upcast").value_or(false);
  if (training.half_precision_loss && training.fused_loss_upcast) {
    fields.fail("fused_loss_upcast", "cannot go with half_precision_loss = true (a 16-bit loss casts nothing up)");
  }
  training.label_smoothing = fields.optional_bool("label_smoothing").value_or(false);
  fields.reject_unknown_fields();
  return training;
}

// Reads the fields of one kind; `remember` records where each given field was.
class LayerReader {
 public:
  LayerReader(FieldReader& fields, LayerDescription& layer) : fields_(fields), layer_(layer) {}

  std::int64_t required(const char* key, std::int64_t min, std::int64_t max) {
    remember(key);
    return fields_.required_integer(key, min, max);
  }
  std::int64_t optional(const char* key, std::int64_t min, std::int64_t max, std::int64_t fallback) {
    remember(key);
    return fields_.optional_integer(key, min, max).value_or(fallback);
  }
  bool flag(const char* key, bool fallback) { return fields_.optional_bool(key).value_or(fallback); }
  std::string choice(const char* key, const std::vector<std::string>& choices, const std::string& fallback) {
    remember(key);
    return fields_.optional_choice(key, choices).value_or(fallback);
  }
  [[noreturn]] void fail(const char* key, const std::string& problem) { fields_.fail(key, problem); }

  void remember(const char* key) { layer_.field_positions[key] = fields_.position(key); }

 private:
  FieldReader& fields_;
  LayerDescription& layer_;
};

LayerDescription read_layer(FieldReader& fields, const std::string& file, const std::string& name);

std::vector<LayerDescription> read_layer_list(FieldReader& fields, const char* key, const std::string& file,
                                              const std::string& owner) {
  std::vector<LayerDescription> layers;
  const toml::array* array = fields.optional_array(key);
  if (!array) return layers;
  std::size_t index = 0;
  for (const toml::node& node : *array) {
    ++index;
    const std::string name = owner + "." + key + "[" + std::to_string(index) + "]";
    if (!node.is_table()) {
      throw InputError(position_of(file, node.source()), name, "expected a layer table, got " + describe_value(node));
    }
    FieldReader child(*node.as_table(), file, name);
    layers.push_back(read_layer(child, file, name));
    child.reject_unknown_fields();
  }
  return layers;
}

// A conv2d's fields: channels, window, groups that divide both channel counts, and
// the first layer's `input = [height, width]`.
void read_conv2d_fields(LayerReader& read, FieldReader& fields, LayerDescription& layer) {
  layer.in_channels = read.required("in_channels", 1, kMaxDimension);
  layer.out_channels = read.required("out_channels", 1, kMaxDimension);
  layer.kernel = read.required("kernel", 1, kMaxKernel);
  layer.stride = read.optional("stride", 1, kMaxKernel, 1);
  layer.padding = read.optional("padding", 0, kMaxKernel, 0);
  layer.groups = read.optional("groups", 1, kMaxDimension, 1);
  layer.bias = read.flag("bias", true);
  layer.activation = read.choice("activation", kActivations, "none");
  if (layer.in_channels % layer.groups != 0 || layer.out_channels % layer.groups != 0) {
    read.fail("groups", "expected a divisor of in_channels " + std::to_string(layer.in_channels) +
                            " and out_channels " + std::to_string(layer.out_channels) + ", got " +
                            std::to_string(layer.groups));
  }
  read.remember("input");
  if (const toml::array* input = fields.optional_array("input")) {
    if (input->size() != 2 || !(*input)[0].is_integer() || !(*input)[1].is_integer() ||
        (*input)[0].value<std::int64_t>() < 1 || (*input)[1].value<std::int64_t>() < 1 ||
        (*input)[0].value<std::int64_t>() > kMaxDimension || (*input)[1].value<std::int64_t>() > kMaxDimension) {
      read.fail("input", "expected [height, width] with two integers from 1 to " + std::to_string(kMaxDimension));
    }
    layer.input_height = *(*input)[0].value<std::int64_t>();
    layer.input_width = *(*input)[1].value<std::int64_t>();
  }
}

void read_lstm_fields(LayerReader& read, LayerDescription& layer) {
  layer.inputs = read.required("inputs", 1, kMaxDimension);
  layer.hidden = read.required("hidden", 1, kMaxDimension);
  layer.seq_len = read.optional("seq_len", 1, kMaxSequence, 0);
  layer.bidirectional = read.flag("bidirectional", false);
  layer.concat = read.optional("concat", 1, kMaxDimension, 0);
  if (layer.concat >= layer.inputs) {
    read.fail("concat", "expected fewer than inputs " + std::to_string(layer.inputs) +
                            " (the previous layer's features are part of them), got " + std::to_string(layer.concat));
  }
}

void read_kind_fields(LayerReader& read, FieldReader& fields, LayerDescription& layer, const std::string& file) {
  const std::string& kind = layer.kind;
  if (kind == "dense") {
    layer.inputs = read.required("inputs", 1, kMaxDimension);
    layer.outputs = read.required("outputs", 1, kMaxDimension);
    layer.activation = read.choice("activation", kActivations, "none");
    layer.bias = read.flag("bias", true);
  } else if (kind == "conv2d") {
    read_conv2d_fields(read, fields, layer);
  } else if (kind == "embedding") {
    layer.vocab = read.required("vocab", 1, kMaxDimension);
    layer.dim = read.required("dim", 1, kMaxDimension);
    layer.seq_len = read.optional("seq_len", 1, kMaxSequence, 0);
    layer.tied = read.flag("tied", false);
  } else if (kind == "transformer") {
    layer.d_model = read.required("d_model", 1, kMaxDimension);
    layer.heads = read.required("heads", 1, kMaxDimension);
    layer.ffn = read.required("ffn", 1, kMaxDimension);
    layer.seq_len = read.optional("seq_len", 1, kMaxSequence, 0);
    layer.memory = read.optional("memory", 0, kMaxSequence, 0);
    if (layer.d_model % layer.heads != 0) {
      read.fail("heads", "expected a divisor of d_model " + std::to_string(layer.d_model) + ", got " +
                             std::to_string(layer.heads));
    }
  } else if (kind == "lstm") {
    read_lstm_fields(read, layer);
  } else if (kind == "additive_attention") {
    layer.units = read.required("units", 1, kMaxDimension);
    layer.keys = read.optional("keys", 1, kMaxSequence, 0);
    layer.key_width = read.optional("key_width", 1, kMaxDimension, 0);
    layer.normalize = read.flag("normalize", false);
  } else if (kind == "norm") {
    layer.function = read.choice("norm", kNorms, "batch");
    layer.size = read.optional("size", 1, kMaxDimension, 0);
  } else if (kind == "activation") {
    read.remember("function");
    layer.function = fields.required_choice("function", kActivations);
    layer.size = read.optional("size", 1, kMaxDimension, 0);
  } else if (kind == "pool") {
    layer.function = read.choice("function", kPools, "max");
    layer.global = read.flag("global", false);
    layer.kernel = read.optional("kernel", 1, kMaxKernel, 0);
    layer.stride = read.optional("stride", 1, kMaxKernel, layer.kernel);
    layer.padding = read.optional("padding", 0, kMaxKernel, 0);
    layer.size = read.optional("size", 1, kMaxDimension, 0);
  } else if (kind == "block") {
    layer.residual = read.flag("residual", true);
    layer.activation = read.choice("activation", kActivations, "none");
    layer.layers = read_layer_list(fields, "layers", file, layer.name);
    layer.shortcut = read_layer_list(fields, "shortcut", file, layer.name);
    if (layer.layers.empty()) read.fail("layers", "a block needs at least one layer in `layers`");
  }
  if (layer.activation == "none") layer.activation.clear();
}

LayerDescription read_layer(FieldReader& fields, const std::string& file, const std::string& name) {
  LayerDescription layer;
  layer.name = name;
  layer.where = fields.position();
  layer.field_positions["type"] = fields.position("type");
  const std::string kind = fields.required_string("type");
  bool known = false;
  for (const auto& candidate : kLayerKinds) known = known || candidate == kind;
  if (!known) {
    fields.fail("type", "expected a layer type (dense, conv2d, embedding, transformer, lstm, additive_attention, "
                        "norm, activation, pool or block), got \"" + kind + "\"" + did_you_mean(kind, kLayerKinds));
  }
  layer.kind = kind;
  LayerReader read(fields, layer);
  read_kind_fields(read, fields, layer, file);
  layer.repeat = read.optional("repeat", 1, kMaxRepeat, 1);
  fields.optional_string("note");
  return layer;
}

}  // namespace

SourcePosition LayerDescription::position(const std::string& field) const {
  const auto found = field_positions.find(field);
  return found != field_positions.end() && found->second.line > 0 ? found->second : where;
}

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
  std::size_t index = 0;
  for (const toml::node& node : *layers) {
    ++index;
    const std::string name = "layer[" + std::to_string(index) + "]";
    if (!node.is_table()) {
      throw InputError(position_of(path, node.source()), name, "expected a table ([[layer]]), got " + describe_value(node));
    }
    FieldReader fields(*node.as_table(), path, name);
    model.layers.push_back(read_layer(fields, path, name));
    fields.reject_unknown_fields();
  }
  top.reject_unknown_fields();
  return model;
}

}  // namespace advise
