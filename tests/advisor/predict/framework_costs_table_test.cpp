// Reading the [cpu_framework] table: located errors, optional keys, the bundled figures.

#include <boost/test/unit_test.hpp>

#include "advisor/predict/framework_costs.hpp"
#include "pricing/loader.hpp"
#include "probes/arithmetic_probe.hpp"
#include "tests/support/catalog_header.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using advise::testing::write_temp_file;

namespace {

const std::string& kHeader = advise::testing::kCatalogHeader;

// The error reading `content` gives, without the temporary directory: ":line:column: ...".
std::string load_error(const std::string& name, const std::string& content) {
  const std::string path = write_temp_file(name, content);
  try {
    read_framework_costs(load_catalogs({path}).cpu_framework);
  } catch (const InputError& e) {
    const std::string message = e.what();
    return message.substr(path.size());
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(framework_costs_table)

BOOST_AUTO_TEST_CASE(the_bundled_cpu_framework_costs_are_measured_figures) {
  const CpuFrameworkCosts costs = read_framework_costs(load_catalogs({ADVISE_BUNDLED_CATALOG_DIR}).cpu_framework);
  BOOST_TEST(costs.dense > 0);
  BOOST_TEST(costs.lstm_step > 0);
  BOOST_TEST(costs.optimizer_adam > costs.optimizer_sgd);  // Adam runs several operations per tensor
  BOOST_TEST(costs.optimizer_adam_call > costs.optimizer_sgd_call);  // and keeps more state per call
  BOOST_TEST(costs.pool_elements_per_second > 0);
  BOOST_TEST(costs.lstm_gate_elements_per_second > 0);
  BOOST_TEST(costs.models_activation_math());  // gelu, tanh, sigmoid and silu all measured
  BOOST_TEST(costs.attention_reshape_elements_per_second > 0);
  BOOST_TEST(costs.cross_entropy_elements_per_second > 0);
  BOOST_TEST(costs.cast > 0);
  BOOST_TEST(costs.cast_elements_per_second > 0);
  BOOST_TEST(costs.elementwise_bytes_per_second > 0);
  BOOST_TEST(costs.reference_elementwise_bytes_per_second > 0);  // carried by the triad
  BOOST_TEST(costs.reference_dispatch_seconds > 0);  // so that they scale to other CPUs
  for (const std::string& kind : arithmetic_kinds()) {  // and the rates by the arithmetic probe
    BOOST_TEST(costs.reference_arithmetic.count(kind) == 1u, kind);
  }
  BOOST_TEST(!costs.source.empty());
}

BOOST_AUTO_TEST_CASE(cpu_framework_costs_survive_later_catalogs_and_are_checked) {
  const std::string costs = "\n[cpu_framework]\n" + std::string(
      "dense = 1e-5\nconv2d = 1e-4\npool = 1e-5\nsequence_pool = 1e-5\nbatch_norm = 1e-5\nlayer_norm = 1e-5\n"
      "activation = 1e-6\nembedding = 1e-5\nresidual = 1e-6\ntransformer = 1e-4\nlstm = 1e-5\nlstm_step = 2e-5\n"
      "step = 1e-5\noptimizer_sgd = 1e-6\noptimizer_momentum = 1e-6\noptimizer_adam = 1e-5\n"
      "optimizer_adamw = 1e-5\nsource = \"test\"\n");
  const std::string first = write_temp_file("framework.toml", kHeader + costs);
  const std::string second = write_temp_file("later.toml", kHeader);
  const CpuFrameworkCosts read = read_framework_costs(load_catalogs({first, second}).cpu_framework);
  BOOST_TEST(read.lstm_step == 2e-5);
  BOOST_TEST(read.reference_dispatch_seconds == 0.0);  // optional: unscaled
  BOOST_TEST(read.optimizer_adam_call == 0.0);  // optional: not counted
  std::string negative = costs;
  negative.replace(negative.find("dense = 1e-5"), 12, "dense = -1.0");
  BOOST_TEST(load_error("negative.toml", kHeader + negative) ==
             ":8:9: cpu_framework.dense: expected a number from 0 to 1, got -1");
  const std::string absurd = costs + "reference_dispatch_seconds = 2.0\n";
  BOOST_TEST(load_error("absurd.toml", kHeader + absurd).find("cpu_framework.reference_dispatch_seconds: expected a number") !=
             std::string::npos);
  const std::string negative_call = costs + "optimizer_adam_call = -1e-5\n";
  BOOST_TEST(load_error("call.toml", kHeader + negative_call).find("cpu_framework.optimizer_adam_call: expected a number") !=
             std::string::npos);
  const std::string zero_rate = costs + "gelu_elements_per_second = 0\n";
  BOOST_TEST(load_error("zero.toml", kHeader + zero_rate).find("cpu_framework.gelu_elements_per_second: expected a number") !=
             std::string::npos);
  const CpuFrameworkCosts with_rate =
      read_framework_costs(load_catalogs({write_temp_file("rate.toml", kHeader + costs + "tanh_elements_per_second = 5e8\n")}).cpu_framework);
  BOOST_TEST(with_rate.activation_elements_per_second.at("tanh") == 5e8);
  BOOST_TEST(!with_rate.models_activation_math());  // the other three are missing
}

// A calibration measured here replaces the bundled figures it has, applies them unscaled,
// takes the rest (lost in noise there) from the bundled table, and says both.
BOOST_AUTO_TEST_CASE(a_calibration_replaces_the_bundled_figures_it_has) {
  const Catalogs catalogs = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  const CpuFrameworkCosts bundled = read_framework_costs(catalogs.cpu_framework);
  FrameworkCalibration calibration;
  calibration.framework = "pytorch";
  calibration.version = "1.13.1";
  calibration.blas = "openblas";
  calibration.threads = 2;
  for (const char* key : {"dense", "conv2d", "pool", "sequence_pool", "batch_norm", "layer_norm", "activation",
                          "embedding", "residual", "transformer", "lstm", "lstm_step", "step", "optimizer_sgd",
                          "optimizer_momentum", "optimizer_adam", "optimizer_adamw"}) {
    calibration.costs[key] = 1e-6;
  }
  calibration.costs["gelu_elements_per_second"] = 1e9;
  const CpuFrameworkCosts costs = calibrated_framework_costs(calibration, catalogs.cpu_framework, "cache.json");
  BOOST_TEST(costs.dense == 1e-6);
  BOOST_TEST(costs.activation_elements_per_second.at("gelu") == 1e9);
  BOOST_TEST(costs.lstm_gate_elements_per_second == bundled.lstm_gate_elements_per_second);  // from the bundled table
  // A bundled rate comes with the bundled machine's arithmetic reference; a calibrated one never does.
  BOOST_TEST(costs.reference_arithmetic.at("lstm_gate") == bundled.reference_arithmetic.at("lstm_gate"));
  BOOST_TEST(costs.reference_arithmetic.count("gelu") == 0u);
  BOOST_TEST(costs.reference_elementwise_bytes_per_second == bundled.reference_elementwise_bytes_per_second);
  calibration.costs["elementwise_bytes_per_second"] = 70e9;
  const CpuFrameworkCosts with_elementwise = calibrated_framework_costs(calibration, catalogs.cpu_framework, "cache.json");
  BOOST_TEST(with_elementwise.elementwise_bytes_per_second == 70e9);
  BOOST_TEST(with_elementwise.reference_elementwise_bytes_per_second == 0.0);  // measured here: applied as it is
  calibration.costs["reference_gelu_elements_per_second"] = 2e9;
  BOOST_TEST(calibrated_framework_costs(calibration, catalogs.cpu_framework, "cache.json").reference_arithmetic.at("gelu") == 2e9);
  BOOST_TEST(costs.reference_dispatch_seconds == 0);  // measured here: not scaled
  BOOST_TEST(costs.calibrated_with.find("PyTorch 1.13.1 (OpenBLAS, 2 threads), ") == 0u, costs.calibrated_with);
  BOOST_TEST(costs.calibrated_with.find("figures from the bundled reference") != std::string::npos);
  calibration.costs["dense"] = 5.0;  // five seconds a layer: refused, located
  BOOST_CHECK_EXCEPTION(calibrated_framework_costs(calibration, catalogs.cpu_framework, "cache.json"), InputError,
                        [](const InputError& e) { return std::string(e.what()).find("calibration.costs.dense") != std::string::npos; });
}

BOOST_AUTO_TEST_SUITE_END()
