#include <boost/test/unit_test.hpp>

#include "advisor/model/model.hpp"
#include "advisor/workload/workload.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using advise::testing::write_temp_file;

namespace {

const std::string kHeader = R"([model]
name = "m"

[training]
batch_size = 8
samples = 80
epochs = 1
)";

std::string dense(const std::string& fields) { return "\n[[layer]]\ntype = \"dense\"\n" + fields; }

// The InputError message for a model file with `content`, minus its directory:
// field errors come from reading it, shape errors from building its workload.
std::string model_error(const std::string& name, const std::string& content) {
  const std::string path = write_temp_file(name, content);
  try {
    build_workload(load_model(path));
  } catch (const InputError& e) {
    return std::string(e.what()).substr(path.size() - name.size());
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(model_description)

BOOST_AUTO_TEST_CASE(a_valid_model_loads_with_defaults) {
  const std::string path = write_temp_file("ok.toml", kHeader + dense("inputs = 4\noutputs = 3\nactivation = \"relu\"\n"));
  const ModelDescription model = load_model(path);
  BOOST_TEST(model.name == "m");
  BOOST_TEST(model.training.optimizer == "adam");
  BOOST_TEST(model.training.precision == "fp32");
  BOOST_TEST(!model.training.half_precision_loss);  // autocast's fp32 loss
  BOOST_REQUIRE_EQUAL(model.layers.size(), 1u);
  BOOST_TEST(model.layers[0].activation == "relu");
  BOOST_TEST(model.layers[0].bias);
  BOOST_TEST(model.layers[0].repeat == 1);
}

// Each case: the file's content and the exact message after the directory.
BOOST_AUTO_TEST_CASE(every_error_names_file_line_column_field_expected_and_given) {
  BOOST_TEST(model_error("malformed.toml", "[model\nname = \"x\"\n") ==
             "malformed.toml:1:7: malformed TOML: Error while parsing table header: expected ']', saw '\\n'");
  BOOST_TEST(model_error("unknown_type.toml", kHeader + "\n[[layer]]\ntype = \"dens\"\ninputs = 4\noutputs = 2\n") ==
             "unknown_type.toml:10:8: layer[1].type: expected a layer type (dense, conv2d, embedding, transformer, "
             "lstm, additive_attention, norm, activation, pool or block), got \"dens\" (did you mean \"dense\"?)");
  BOOST_TEST(model_error("missing_field.toml", kHeader + dense("inputs = 4\n")) ==
             "missing_field.toml:9:1: layer[1].outputs: missing required field (expected an integer from 1 to 1000000000)");
  BOOST_TEST(model_error("mistyped.toml", kHeader + dense("inputs = 4\noutputs = \"2\"\n")) ==
             "mistyped.toml:12:11: layer[1].outputs: expected an integer from 1 to 1000000000, got string \"2\"");
  BOOST_TEST(model_error("fraction.toml", kHeader + dense("inputs = 4.5\noutputs = 2\n")) ==
             "fraction.toml:11:10: layer[1].inputs: expected an integer from 1 to 1000000000, got number 4.5");
  BOOST_TEST(model_error("zero.toml", kHeader + dense("inputs = 0\noutputs = 2\n")) ==
             "zero.toml:11:10: layer[1].inputs: expected an integer from 1 to 1000000000, got 0");
  BOOST_TEST(model_error("negative.toml", "[model]\nname = \"m\"\n[training]\nbatch_size = -5\nsamples = 1\nepochs = 1\n") ==
             "negative.toml:4:14: training.batch_size: expected an integer from 1 to 100000000, got -5");
  BOOST_TEST(model_error("absurd.toml", kHeader + dense("inputs = 4\noutputs = 1000000000000\n")) ==
             "absurd.toml:12:11: layer[1].outputs: expected an integer from 1 to 1000000000, got 1000000000000");
  BOOST_TEST(model_error("unknown_field.toml", kHeader + dense("inputs = 4\noutputs = 2\nactivaton = \"relu\"\n")) ==
             "unknown_field.toml:13:1: layer[1].activaton: unknown field (did you mean \"activation\"?)");
  BOOST_TEST(model_error("bad_choice.toml", kHeader + dense("inputs = 4\noutputs = 2\nactivation = \"rleu\"\n")) ==
             "bad_choice.toml:13:14: layer[1].activation: expected relu, gelu, tanh, sigmoid, silu or none, got \"rleu\" (did you mean \"relu\"?)");
  BOOST_TEST(model_error("mismatch.toml", kHeader + dense("inputs = 4\noutputs = 3\n") + dense("inputs = 5\noutputs = 2\n")) ==
             "mismatch.toml:16:10: layer[2].inputs: expected 3 (the outputs of layer[1]), got 5");
  BOOST_TEST(model_error("no_layers.toml", kHeader) ==
             "no_layers.toml:1:1: layer: missing layers: add at least one [[layer]] table");
  BOOST_TEST(model_error("no_training.toml", "[model]\nname = \"m\"\n") ==
             "no_training.toml:1:1: training: missing required table [training]");
  BOOST_TEST(model_error("fp8.toml", "[model]\nname = \"m\"\n[training]\nbatch_size = 1\nsamples = 1\nepochs = 1\nprecision = \"fp8\"\n") ==
             "fp8.toml:7:13: training.precision: expected fp32, tf32, bf16 or fp16, got \"fp8\" (did you mean \"fp32\"?)");
  BOOST_TEST(model_error("bad_repeat.toml", kHeader + dense("inputs = 4\noutputs = 2\nrepeat = 3\n")) ==
             "bad_repeat.toml:13:10: layer[1].repeat: a repeated dense layer feeds itself, so inputs must equal outputs; got inputs 4 and outputs 2");
}

std::string layer(const std::string& fields) { return "\n[[layer]]\n" + fields; }

const std::string kConv = "type = \"conv2d\"\nin_channels = 3\nout_channels = 8\nkernel = 3\ninput = [32, 32]\n";

BOOST_AUTO_TEST_CASE(a_half_precision_loss_is_a_flag) {
  const std::string path = write_temp_file(
      "half_loss.toml", kHeader + "precision = \"fp16\"\nhalf_precision_loss = true\n" + dense("inputs = 4\noutputs = 3\n"));
  BOOST_TEST(load_model(path).training.half_precision_loss);
  const std::string error =
      model_error("half_loss_number.toml", kHeader + "half_precision_loss = 1\n" + dense("inputs = 4\noutputs = 3\n"));
  BOOST_TEST(error.find("half_loss_number.toml:8:") == 0);
  BOOST_TEST(error.find("training.half_precision_loss") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(label_smoothing_and_a_fused_loss_upcast_are_flags_that_a_half_loss_excludes) {
  const std::string path = write_temp_file(
      "smoothing.toml", kHeader + "precision = \"fp16\"\nlabel_smoothing = true\nfused_loss_upcast = true\n" +
                            dense("inputs = 4\noutputs = 3\n"));
  const ModelDescription model = load_model(path);
  BOOST_TEST(model.training.label_smoothing);
  BOOST_TEST(model.training.fused_loss_upcast);
  const ModelDescription plain = load_model(write_temp_file("plain.toml", kHeader + dense("inputs = 4\noutputs = 3\n")));
  BOOST_TEST(!plain.training.label_smoothing);
  BOOST_TEST(!plain.training.fused_loss_upcast);
  BOOST_TEST(model_error("both.toml", kHeader + "half_precision_loss = true\nfused_loss_upcast = true\n" +
                                          dense("inputs = 4\noutputs = 3\n")) ==
             "both.toml:9:21: training.fused_loss_upcast: cannot go with half_precision_loss = true (a 16-bit loss "
             "casts nothing up)");
}

BOOST_AUTO_TEST_CASE(shape_and_kind_errors_are_located) {
  // A conv2d's channels must match the previous layer's.
  BOOST_TEST(model_error("channels.toml", kHeader + layer(kConv) +
                                              layer("type = \"conv2d\"\nin_channels = 16\nout_channels = 8\nkernel = 3\n")) ==
             "channels.toml:18:15: layer[2].in_channels: expected 8 (the channels of the output of layer[1] (8x30x30)), got 16");
  // A declared input size must match what the previous layer produces.
  BOOST_TEST(model_error("size.toml", kHeader + layer(kConv) +
                                          layer("type = \"conv2d\"\nin_channels = 8\nout_channels = 8\nkernel = 3\ninput = [32, 32]\n")) ==
             "size.toml:21:9: layer[2].input: expected [30, 30] (the output of layer[1] (8x30x30)), got [32, 32]");
  // A dense layer after a convolution takes the flattened image.
  BOOST_TEST(model_error("flatten.toml", kHeader + layer(kConv) + layer("type = \"dense\"\ninputs = 7000\noutputs = 10\n")) ==
             "flatten.toml:18:10: layer[2].inputs: expected 7200 (the output of layer[1] (8x30x30), flattened), got 7000");
  // The kernel must fit the padded input.
  BOOST_TEST(model_error("kernel.toml", kHeader + layer("type = \"conv2d\"\nin_channels = 3\nout_channels = 8\nkernel = 7\npadding = 1\ninput = [3, 3]\n")) ==
             "kernel.toml:13:10: layer[1].kernel: kernel 7 is larger than the padded input 5x5 (input 3x3, padding 1)");
  // Heads must divide d_model.
  BOOST_TEST(model_error("heads.toml", kHeader + layer("type = \"transformer\"\nd_model = 768\nheads = 7\nffn = 3072\nseq_len = 128\n")) ==
             "heads.toml:12:9: layer[1].heads: expected a divisor of d_model 768, got 7");
  // A memory is a number of positions, not negative.
  BOOST_TEST(model_error("memory.toml", kHeader + layer("type = \"transformer\"\nd_model = 64\nheads = 2\nffn = 256\nseq_len = 16\nmemory = -1\n")).find(
                 "layer[1].memory") != std::string::npos);
  // A sequence layer's width must match.
  BOOST_TEST(model_error("width.toml", kHeader + layer("type = \"embedding\"\nvocab = 100\ndim = 64\nseq_len = 16\n") +
                                           layer("type = \"transformer\"\nd_model = 128\nheads = 2\nffn = 256\n")) ==
             "width.toml:17:11: layer[2].d_model: expected 64 (the features per position of the output of layer[1] (16x64)), got 128");
  // The first sequence layer must say how long its sequences are.
  BOOST_TEST(model_error("seq.toml", kHeader + layer("type = \"lstm\"\ninputs = 10\nhidden = 20\n")) ==
             "seq.toml:9:1: layer[1].seq_len: missing: the first lstm layer needs seq_len");
  // Additive attention is queried by a sequence: it cannot come first, nor after a flat layer.
  const std::string attention = "type = \"additive_attention\"\nunits = 32\n";
  BOOST_TEST(model_error("attention_first.toml", kHeader + layer(attention)) ==
             "attention_first.toml:10:8: layer[1].type: additive_attention needs a sequence input [positions, "
             "features] (the states that query it); it cannot be the first layer");
  BOOST_TEST(model_error("attention_flat.toml", kHeader + layer("type = \"dense\"\ninputs = 4\noutputs = 12\n") + layer(attention)) ==
             "attention_flat.toml:15:8: layer[2].type: additive_attention needs a sequence input [positions, "
             "features] (the states that query it); the output of layer[1] (12) is not a sequence");
  BOOST_TEST(model_error("attention_units.toml", kHeader + layer("type = \"additive_attention\"\nunits = 0\n")) ==
             "attention_units.toml:11:9: layer[1].units: expected an integer from 1 to 1000000000, got 0");
  // An LSTM's concat is part of its inputs, and the previous layer gives the rest.
  const std::string seq = layer("type = \"lstm\"\ninputs = 16\nhidden = 8\nseq_len = 10\n");
  BOOST_TEST(model_error("concat_all.toml", kHeader + seq + layer("type = \"lstm\"\ninputs = 16\nhidden = 8\nconcat = 16\n")) ==
             "concat_all.toml:19:10: layer[2].concat: expected fewer than inputs 16 (the previous layer's features "
             "are part of them), got 16");
  BOOST_TEST(model_error("concat_width.toml", kHeader + seq + layer("type = \"lstm\"\ninputs = 24\nhidden = 8\nconcat = 8\n")) ==
             "concat_width.toml:17:10: layer[2].inputs: expected 16 (the 8 features per position of the output of "
             "layer[1] (10x8) and concat 8), got 24");
  BOOST_TEST(model_error("concat_first.toml", kHeader + layer("type = \"lstm\"\ninputs = 16\nhidden = 8\nseq_len = 4\nconcat = 8\n")) ==
             "concat_first.toml:14:10: layer[1].concat: a first layer has no previous output to add features to");
  // A conv2d cannot follow a dense layer.
  BOOST_TEST(model_error("image.toml", kHeader + layer("type = \"dense\"\ninputs = 4\noutputs = 12\n") +
                                           layer("type = \"conv2d\"\nin_channels = 3\nout_channels = 8\nkernel = 1\n")) ==
             "image.toml:15:8: layer[2].type: conv2d needs an image input [channels, height, width]; the output of "
             "layer[1] (12) is not an image");
  // A residual block must keep its shape unless it has a shortcut.
  BOOST_TEST(model_error("residual.toml", kHeader + layer(kConv) +
                                              layer("type = \"block\"\nlayers = [ { type = \"conv2d\", in_channels = 8, "
                                                    "out_channels = 16, kernel = 1 } ]\n")) ==
             "residual.toml:16:1: layer[2].residual: the residual add needs equal shapes: the layers give 16x30x30 but "
             "the identity shortcut carries 8x30x30 (add a `shortcut`)");
  // Zero and negative sizes in nested layers are located too.
  BOOST_TEST(model_error("nested.toml", kHeader + layer(kConv) +
                                            layer("type = \"block\"\nlayers = [ { type = \"conv2d\", in_channels = 8, "
                                                  "out_channels = 0, kernel = 1 } ]\n")) ==
             "nested.toml:18:63: layer[2].layers[1].out_channels: expected an integer from 1 to 1000000000, got 0");
  BOOST_TEST(model_error("typo_nested.toml", kHeader + layer(kConv) +
                                                 layer("type = \"block\"\nlayers = [ { type = \"norm\", nrom = \"batch\" } ]\n")) ==
             "typo_nested.toml:18:29: layer[2].layers[1].nrom: unknown field (did you mean \"norm\"?)");
}

BOOST_AUTO_TEST_CASE(additive_attention_reads_its_widths_with_the_query_sequence_as_default) {
  const std::string path = write_temp_file(
      "attention.toml", kHeader + layer("type = \"lstm\"\ninputs = 16\nhidden = 16\nseq_len = 10\n") +
                            layer("type = \"additive_attention\"\nunits = 32\nkeys = 12\nkey_width = 24\nnormalize = true\n") +
                            layer("type = \"additive_attention\"\nunits = 8\n"));
  const ModelDescription model = load_model(path);
  BOOST_REQUIRE_EQUAL(model.layers.size(), 3u);
  const LayerDescription& given = model.layers[1];
  BOOST_TEST(given.units == 32);
  BOOST_TEST(given.keys == 12);
  BOOST_TEST(given.key_width == 24);
  BOOST_TEST(given.normalize);
  const LayerDescription& defaults = model.layers[2];
  BOOST_TEST(defaults.keys == 0);  // the query sequence's positions and width, when the workload is built
  BOOST_TEST(defaults.key_width == 0);
  BOOST_TEST(!defaults.normalize);
  // [query, context]: 16 + 24 features, then 40 + 40.
  const Workload workload = build_workload(model);
  BOOST_TEST(workload.layers.back().output_shape == "10x80");
}

BOOST_AUTO_TEST_CASE(an_lstm_with_concat_takes_the_previous_output_and_an_earlier_one) {
  const std::string path = write_temp_file(
      "concat.toml", kHeader + layer("type = \"lstm\"\ninputs = 16\nhidden = 8\nseq_len = 10\n") +
                         layer("type = \"lstm\"\ninputs = 24\nhidden = 8\nconcat = 16\n"));
  const ModelDescription model = load_model(path);
  BOOST_REQUIRE_EQUAL(model.layers.size(), 2u);
  BOOST_TEST(model.layers[0].concat == 0);
  BOOST_TEST(model.layers[1].concat == 16);
  const Workload workload = build_workload(model);
  BOOST_TEST(workload.layers.back().output_shape == "10x8");
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_named) {
  BOOST_CHECK_EXCEPTION(load_model("/nonexistent/model.toml"), InputError, [](const InputError& e) {
    return std::string(e.what()) == "/nonexistent/model.toml: cannot read file: no such file";
  });
}

BOOST_AUTO_TEST_CASE(sizes_that_overflow_64_bits_are_refused_at_the_layer) {
  // A 1x1 convolution to 10^9 channels of a 10^9 x 10^9 image: 10^27 outputs per example.
  const std::string conv = "\n[[layer]]\ntype = \"conv2d\"\nin_channels = 1\nout_channels = 1000000000\nkernel = 1\n"
                           "input = [1000000000, 1000000000]\n";
  BOOST_TEST(model_error("huge.toml", kHeader + conv) ==
             "huge.toml:9:1: the model is too large: its sizes overflow 64-bit integers");
  // 10^18 parameters, repeated 10^5 times.
  const std::string repeated = "\n[[layer]]\ntype = \"dense\"\ninputs = 1000000000\noutputs = 1000000000\nrepeat = 100000\n";
  BOOST_TEST(model_error("repeated.toml", kHeader + repeated).find("the model is too large") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
