#include <boost/test/unit_test.hpp>

#include "advisor/model.hpp"
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

// The InputError message for a model file with `content`, minus its directory.
std::string model_error(const std::string& name, const std::string& content) {
  const std::string path = write_temp_file(name, content);
  try {
    load_model(path);
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
             "unknown_type.toml:10:8: layer[1].type: expected a layer type (dense), got \"dens\" (did you mean \"dense\"?)");
  BOOST_TEST(model_error("planned_type.toml", kHeader + "\n[[layer]]\ntype = \"conv2d\"\n") ==
             "planned_type.toml:10:8: layer[1].type: layer type \"conv2d\" is not supported by this version (supported: dense)");
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
  BOOST_TEST(model_error("bf16.toml", "[model]\nname = \"m\"\n[training]\nbatch_size = 1\nsamples = 1\nepochs = 1\nprecision = \"bf16\"\n") ==
             "bf16.toml:7:13: training.precision: \"bf16\" is not supported by this version: it models fp32 training only");
  BOOST_TEST(model_error("bad_repeat.toml", kHeader + dense("inputs = 4\noutputs = 2\nrepeat = 3\n")) ==
             "bad_repeat.toml:13:10: layer[1].repeat: a repeated dense layer feeds itself, so inputs must equal outputs; got inputs 4 and outputs 2");
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_named) {
  BOOST_CHECK_EXCEPTION(load_model("/nonexistent/model.toml"), InputError, [](const InputError& e) {
    return std::string(e.what()) == "/nonexistent/model.toml: cannot read file: no such file";
  });
}

BOOST_AUTO_TEST_SUITE_END()
