#include <boost/test/unit_test.hpp>
#include <set>

#include "pricing/loader.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using advise::testing::write_temp_file;

namespace {

const std::string kHeader = R"([catalog]
provider = "testcloud"
currency = "USD"
as_of = 2025-06-01
source = "written by the test"
)";

const std::string kGpuSpec = R"(
[[gpu]]
name = "T4"
memory_gib = 16
bandwidth_gb_per_s = 320
fp32_tflops = 8.1
fp16_tflops = 65
tdp_watts = 70
source = "test"
)";

std::string instance(const std::string& fields) {
  return "\n[[instance]]\nname = \"box\"\nregion = \"r1\"\nvcpus = 4\nmemory_gib = 16\n" + fields;
}

// The message of the InputError that loading `content` throws ("" if none).
std::string load_error(const std::string& name, const std::string& content) {
  const std::string path = write_temp_file(name, content);
  try {
    load_catalogs({path});
  } catch (const InputError& e) {
    const std::string message = e.what();
    return message.substr(path.size());  // drop the temp directory, keep ":line:column: ..."
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalog_loader)

BOOST_AUTO_TEST_CASE(bundled_catalogs_load_with_the_required_instances) {
  const Catalogs catalogs = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  int cpu_instances = 0;
  std::set<std::string> gpus;
  for (const auto& item : catalogs.instances) {
    if (item.gpu.empty()) ++cpu_instances;
    else gpus.insert(catalogs.find_gpu(item.gpu)->name);
  }
  BOOST_TEST(cpu_instances >= 3);
  for (const char* gpu : {"T4", "A10G", "L4", "A100-40GB", "H100-SXM"}) {
    BOOST_TEST_CONTEXT(gpu) { BOOST_TEST(gpus.count(gpu) == 1u); }
  }
  for (const auto& info : catalogs.catalogs) {
    BOOST_TEST(!info.as_of.empty());
    BOOST_TEST(!info.source.empty());
  }
  BOOST_TEST(catalogs.local.usd_per_kwh == 0.16);
}

BOOST_AUTO_TEST_CASE(a_valid_instance_loads_with_units_converted) {
  const std::string path = write_temp_file("ok.toml", kHeader + kGpuSpec +
      instance("gpu = \"T4\"\ngpu_count = 2\nusd_per_hour = 1.5\nspot_usd_per_hour = 0.5\n"));
  const Catalogs catalogs = load_catalogs({path});
  BOOST_REQUIRE_EQUAL(catalogs.instances.size(), 1u);
  const Instance& box = catalogs.instances.front();
  BOOST_TEST(box.provider == "testcloud");
  BOOST_TEST(box.memory_bytes == 16LL * 1024 * 1024 * 1024);
  BOOST_TEST(box.gpu_count == 2);
  BOOST_TEST(*box.spot_usd_per_hour == 0.5);
  BOOST_TEST(catalogs.gpus.front().peak_flops.at("fp16") == 65e12);
}

BOOST_AUTO_TEST_CASE(errors_name_line_column_field_expected_and_given) {
  BOOST_TEST(load_error("no_header.toml", "[[instance]]\nname = \"x\"\n") ==
             ":1:1: catalog: missing required table [catalog] (with provider, currency, as_of, source)");
  BOOST_TEST(load_error("no_date.toml", "[catalog]\nprovider = \"p\"\ncurrency = \"USD\"\nsource = \"s\"\n") ==
             ":1:1: catalog.as_of: missing required field (expected a date such as 2025-06-01)");
  BOOST_TEST(load_error("string_date.toml",
                        "[catalog]\nprovider = \"p\"\ncurrency = \"USD\"\nas_of = \"June\"\nsource = \"s\"\n") ==
             ":4:9: catalog.as_of: expected a date such as 2025-06-01, got string \"June\"");
  BOOST_TEST(load_error("negative_price.toml", kHeader + instance("usd_per_hour = -1.0\n")) ==
             ":12:16: instance[1].usd_per_hour: expected a number from 0 to 10000, got -1");
  BOOST_TEST(load_error("text_price.toml", kHeader + instance("usd_per_hour = \"cheap\"\n")) ==
             ":12:16: instance[1].usd_per_hour: expected a number from 0 to 10000, got string \"cheap\"");
  BOOST_TEST(load_error("spot_above.toml", kHeader + instance("usd_per_hour = 1.0\nspot_usd_per_hour = 2.0\n")) ==
             ":13:21: instance[1].spot_usd_per_hour: spot price 2.000000 is above the on-demand price 1.000000");
  BOOST_TEST(load_error("typo_field.toml", kHeader + instance("usd_per_hour = 1.0\nbiling_seconds = 60\n")) ==
             ":13:1: instance[1].biling_seconds: unknown field (did you mean \"billing_seconds\"?)");
  BOOST_TEST(load_error("missing_price.toml", kHeader + instance("")) ==
             ":7:1: instance[1].usd_per_hour: missing required field (expected a number from 0 to 10000)");
  BOOST_TEST(load_error("duplicate.toml", kHeader + instance("usd_per_hour = 1.0\n") + instance("usd_per_hour = 2.0\n")) ==
             ":15:8: instance[2].name: duplicate instance \"box\" in region \"r1\" in this file");
}

BOOST_AUTO_TEST_CASE(an_unknown_gpu_is_an_error_with_a_suggestion) {
  BOOST_TEST(load_error("unknown_gpu.toml", kHeader + kGpuSpec + instance("gpu = \"T5\"\nusd_per_hour = 1.0\n")) ==
             ":21:7: instance[box].gpu: unknown GPU \"T5\": not in any hardware catalog (did you mean \"T4\"?)");
}

BOOST_AUTO_TEST_CASE(a_later_catalog_overrides_an_earlier_one) {
  const std::string first = write_temp_file("first.toml", kHeader + instance("usd_per_hour = 1.0\n"));
  const std::string second = write_temp_file("second.toml", kHeader + instance("usd_per_hour = 0.7\n"));
  const Catalogs catalogs = load_catalogs({first, second});
  BOOST_REQUIRE_EQUAL(catalogs.instances.size(), 1u);
  BOOST_TEST(catalogs.instances.front().usd_per_hour == 0.7);
  BOOST_TEST(catalogs.catalogs.size() == 2u);
}

BOOST_AUTO_TEST_CASE(staleness_is_judged_against_the_given_day) {
  const std::string path = write_temp_file("stale.toml", kHeader);
  Catalogs catalogs = load_catalogs({path});
  mark_stale_catalogs(catalogs, "2025-11-28", 180);  // 180 days after 2025-06-01
  BOOST_TEST(!catalogs.catalogs.front().stale);
  mark_stale_catalogs(catalogs, "2025-11-29", 180);
  BOOST_TEST(catalogs.catalogs.front().stale);
}

BOOST_AUTO_TEST_CASE(the_bundled_cpu_framework_costs_are_measured_figures) {
  const CpuFrameworkCosts costs = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR}).prediction.cpu_framework;
  BOOST_TEST(costs.dense > 0);
  BOOST_TEST(costs.lstm_step > 0);
  BOOST_TEST(costs.optimizer_adam > costs.optimizer_sgd);  // Adam runs several operations per tensor
  BOOST_TEST(costs.optimizer_adam_call > costs.optimizer_sgd_call);  // and keeps more state per call
  BOOST_TEST(costs.pool_elements_per_second > 0);
  BOOST_TEST(costs.lstm_gate_elements_per_second > 0);
  BOOST_TEST(costs.models_activation_math());  // gelu, tanh, sigmoid and silu all measured
  BOOST_TEST(costs.attention_reshape_elements_per_second > 0);
  BOOST_TEST(costs.reference_dispatch_seconds > 0);  // so that they scale to other CPUs
  BOOST_TEST(!costs.source.empty());
}

BOOST_AUTO_TEST_CASE(cpu_framework_costs_survive_a_later_prediction_table_and_are_checked) {
  const std::string costs = "\n[cpu_framework]\n" + std::string(
      "dense = 1e-5\nconv2d = 1e-4\npool = 1e-5\nsequence_pool = 1e-5\nbatch_norm = 1e-5\nlayer_norm = 1e-5\n"
      "activation = 1e-6\nembedding = 1e-5\nresidual = 1e-6\ntransformer = 1e-4\nlstm = 1e-5\nlstm_step = 2e-5\n"
      "step = 1e-5\noptimizer_sgd = 1e-6\noptimizer_momentum = 1e-6\noptimizer_adam = 1e-5\n"
      "optimizer_adamw = 1e-5\nsource = \"test\"\n");
  const std::string prediction =
      "\n[prediction]\ngemm_efficiency = 0.9\nbandwidth_efficiency = 0.6\nseconds_per_kernel = 1e-5\nsource = \"test\"\n";
  const std::string first = write_temp_file("framework.toml", kHeader + costs);
  const std::string second = write_temp_file("prediction.toml", kHeader + prediction);
  const Catalogs catalogs = load_catalogs({first, second});
  BOOST_TEST(catalogs.prediction.cpu_framework.lstm_step == 2e-5);
  BOOST_TEST(catalogs.prediction.cpu_framework.reference_dispatch_seconds == 0.0);  // optional: unscaled
  BOOST_TEST(catalogs.prediction.cpu_framework.optimizer_adam_call == 0.0);  // optional: not counted
  BOOST_TEST(catalogs.prediction.gemm_efficiency == 0.9);
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
  const Catalogs with_rate = load_catalogs({write_temp_file("rate.toml", kHeader + costs + "tanh_elements_per_second = 5e8\n")});
  BOOST_TEST(with_rate.prediction.cpu_framework.activation_elements_per_second.at("tanh") == 5e8);
  BOOST_TEST(!with_rate.prediction.cpu_framework.models_activation_math());  // the other three are missing
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_input_error) {
  BOOST_CHECK_EXCEPTION(load_catalogs({"/nonexistent/prices.toml"}), InputError, [](const InputError& e) {
    return std::string(e.what()) == "/nonexistent/prices.toml: cannot read file: no such file";
  });
}

BOOST_AUTO_TEST_SUITE_END()
