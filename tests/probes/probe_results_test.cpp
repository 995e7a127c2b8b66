// Probe results from another machine are checked field by field: a value no machine can
// measure is refused with its JSON path, never turned into a prediction.

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "probes/probe_json.hpp"
#include "probes/probe_results.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using nlohmann::json;

namespace {

json stored_results() {
  std::ifstream in(std::string(ADVISE_TEST_DATA_DIR) + "/probe-results/mlp-mnist.json");
  return json::parse(in);
}

// The message of reading the stored results after `edit`, without the file's path.
std::string error_after(const std::string& name, const std::function<void(json&)>& edit) {
  json results = stored_results();
  edit(results);
  const std::string path = advise::testing::write_temp_file(name, results.dump());
  try {
    profile_from_probe_results(path, {});
  } catch (const ProbeResultsError& e) {
    const std::string message = e.what();
    const std::string prefix = ": not probe results as `advise probe --format json` writes them: ";
    return message.substr(path.size() + prefix.size());
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(probe_results)

BOOST_AUTO_TEST_CASE(the_stored_results_read_back) {
  BOOST_TEST(error_after("as_written.json", [](json&) {}) == "");
}

BOOST_AUTO_TEST_CASE(values_no_machine_can_measure_are_refused_with_their_path) {
  BOOST_TEST(error_after("negative_time.json", [](json& j) { j["probes"][0]["seconds_median"] = -1; }) ==
             "probes[0].seconds_median: expected a number from 1e-15 to 1e+09, got -1");
  BOOST_TEST(error_after("zero_bandwidth.json", [](json& j) { j["machine"]["cpu"]["bandwidth"]["bytes_per_s_median"] = 0; }) ==
             "machine.cpu.bandwidth.bytes_per_s_median: expected a number from 1 to 1e+18, got 0");
  BOOST_TEST(error_after("zero_peak.json", [](json& j) { j["machine"]["cpu"]["peak_flops"]["fp32"] = 0; }) ==
             "machine.cpu.peak_flops.fp32: expected a number from 1000 to 1e+18, got 0");
  BOOST_TEST(error_after("huge_memory.json", [](json& j) {
               j["machine"]["cpu"]["memory_bytes"] = json::parse("99999999999999999999999");
             }) == "machine.cpu.memory_bytes: expected an integer from 1 to 4611686018427387904, got number 9.999999999999999e+22");
  BOOST_TEST(error_after("no_cores.json", [](json& j) { j["machine"]["cpu"]["cores"] = 0; }) ==
             "machine.cpu.cores: expected an integer from 1 to 1000000, got number 0");
  BOOST_TEST(error_after("negative_dispatch.json", [](json& j) { j["machine"]["cpu"]["dispatch_seconds"] = -4e-8; }) ==
             "machine.cpu.dispatch_seconds: expected a number from 0 to 1, got -4e-08");
  BOOST_TEST(error_after("unordered.json", [](json& j) { j["probes"][0]["seconds_min"] = 1.0; }) ==
             "probes[0].seconds_median: expected seconds_min <= seconds_median <= seconds_max");
  BOOST_TEST(error_after("bad_status.json", [](json& j) { j["probes"][1]["status"] = "fine"; }) ==
             "probes[1].status: expected ok, failed or skipped, got \"fine\"");
  BOOST_TEST(error_after("bad_dtype.json", [](json& j) { j["probes"][0]["dtype"] = "int8"; }) ==
             "probes[0].dtype: expected fp32, tf32, bf16 or fp16, got \"int8\"");
}

BOOST_AUTO_TEST_CASE(a_wrong_structure_names_the_field_not_the_library) {
  BOOST_TEST(error_after("cpu_array.json", [](json& j) { j["machine"]["cpu"] = json::array(); }) ==
             "machine.cpu: expected an object, got an array");
  BOOST_TEST(error_after("no_cpu.json", [](json& j) { j["machine"].erase("cpu"); }) == "machine.cpu: missing");
  BOOST_TEST(error_after("cores_text.json", [](json& j) { j["machine"]["cpu"]["cores"] = "two"; }) ==
             "machine.cpu.cores: expected an integer from 1 to 1000000, got string \"two\"");
  BOOST_TEST(error_after("schema.json", [](json& j) { j["schema"] = 2; }) ==
             "schema: expected 1 (from this version of advise), got 2");
}

// Results from before the arithmetic probe have none; newer ones answer each kind from its
// measurement at the nearest size, and a kind no machine has is refused with its path.
BOOST_AUTO_TEST_CASE(arithmetic_rates_are_read_back_by_kind_at_the_nearest_size) {
  const auto entry = [](const std::string& kind, std::int64_t elements, double rate) {
    return json{{"kind", kind}, {"elements", elements}, {"probed_elements", elements},
                {"elements_per_second", rate}, {"samples", 5}, {"verified", true}, {"status", "ok"}};
  };
  json results = stored_results();
  results["machine"]["cpu"].erase("arithmetic");
  const std::string older = advise::testing::write_temp_file("older.json", results.dump());
  BOOST_TEST(profile_from_probe_results(older, {}, {}, {{"gelu", 1000}}).arithmetic.empty());
  results["machine"]["cpu"]["arithmetic"] = {entry("gelu", 1 << 20, 1e9), entry("gelu", 1 << 12, 5e8),
                                             entry("pool", 1 << 20, 2e9)};
  const std::string newer = advise::testing::write_temp_file("newer.json", results.dump());
  const MachineProfile profile = profile_from_probe_results(newer, {}, {}, {{"gelu", 1 << 19}, {"tanh", 1000}});
  BOOST_REQUIRE_EQUAL(profile.arithmetic.size(), 1u);  // no tanh measured there
  BOOST_TEST(profile.arithmetic[0].elements_per_second == 1e9);
  BOOST_TEST(error_after("bad_kind.json", [&](json& j) {
               j["machine"]["cpu"]["arithmetic"] = {entry("softsign", 100, 1e9)};
             }) == "machine.cpu.arithmetic[0].kind: expected one of gelu, tanh, sigmoid, silu, pool, lstm_gate, "
                   "attention_reshape, batch_norm, layer_norm, softmax, got \"softsign\"");
  BOOST_TEST(error_after("zero_rate.json", [&](json& j) {
               j["machine"]["cpu"]["arithmetic"] = {entry("gelu", 100, 0)};
             }) == "machine.cpu.arithmetic[0].elements_per_second: expected a number from 1 to 1e+18, got 0.0");
}

// Results from a machine with a GPU carry it: its facts and its GEMMs, which never stand in for
// the CPU's (a GPU time taken as a CPU one would make the CPU look a hundred times faster).
BOOST_AUTO_TEST_CASE(a_gpu_measured_there_reads_back_as_the_gpu) {
  json results = stored_results();
  GpuFacts facts;
  facts.name = "NVIDIA H200";
  facts.compute_major = 9;
  facts.sm_count = 132;
  facts.clock_hz = 1.98e9;
  facts.memory_bytes = 141LL << 30;
  facts.peak_flops = {{"fp32", 6.7e13}, {"tf32", 4.9e14}};
  facts.bandwidth_bytes_per_s = 4.2e12;
  results["machine"]["gpu"] = to_json(facts);
  json on_gpu = results["probes"][0];  // the CPU's first GEMM, also timed on the GPU, 1000x faster
  on_gpu["device"] = "gpu";
  for (const char* key : {"seconds_min", "seconds_median", "seconds_max"}) on_gpu[key] = on_gpu[key].get<double>() / 1000;
  json unique_to_gpu = on_gpu;  // a shape only the GPU timed
  unique_to_gpu["m"] = unique_to_gpu["probed"]["m"] = 300;
  results["probes"].insert(results["probes"].begin(), {on_gpu, unique_to_gpu});
  const std::string path = advise::testing::write_temp_file("with_gpu.json", results.dump());
  const auto shape_of = [](const json& p) {
    return GemmShape{p["m"].get<std::int64_t>(), p["n"].get<std::int64_t>(), p["k"].get<std::int64_t>(),
                     p["a_transposed"].get<bool>(), p["b_transposed"].get<bool>(), p["dtype"].get<std::string>()};
  };
  const GemmShape shared = shape_of(on_gpu);
  const GemmShape gpu_only = shape_of(unique_to_gpu);
  const MachineProfile profile = profile_from_probe_results(path, {shared, gpu_only});
  BOOST_TEST(profile.gpu.available);
  BOOST_TEST(profile.gpu_facts.name == "NVIDIA H200");
  BOOST_TEST(profile.gpu_facts.compute_major == 9);
  BOOST_TEST(profile.gpu_facts.peak_flops.at("tf32") == 4.9e14);
  BOOST_REQUIRE_EQUAL(profile.gpu_gemms.size(), 2u);
  BOOST_TEST(profile.find_gpu_gemm(shared)->seconds_median == on_gpu["seconds_median"].get<double>());
  BOOST_REQUIRE_EQUAL(profile.gemms.size(), 2u);
  BOOST_TEST(profile.gemms[0].device == "cpu");
  BOOST_TEST(profile.gemms[0].seconds_median == on_gpu["seconds_median"].get<double>() * 1000);
  BOOST_TEST(profile.gemms[1].device == "cpu");  // estimated from the CPU's own, not the GPU's
  BOOST_TEST(profile.gemms[1].estimated);
  BOOST_TEST(profile.gemms[1].seconds_median > profile.gemms[0].seconds_median);
  BOOST_TEST(error_after("bad_capability.json", [&](json& j) {
               j["machine"]["gpu"] = to_json(facts);
               j["machine"]["gpu"]["compute_capability"] = "nine";
             }) == "machine.gpu.compute_capability: expected MAJOR.MINOR such as 9.0, got \"nine\"");
}

// A convolution pass the budget left no time for is written with nothing run, and reads back so.
BOOST_AUTO_TEST_CASE(a_convolution_pass_that_did_not_run_reads_back) {
  ConvMeasurement skipped;
  skipped.shape = {8, 3, 16, 16, 4, 3, 1, 1, 1, "fp32"};
  skipped.pass = ConvPass::backward_data;
  skipped.reason = "not timed within the probe's budget: its implicit GEMMs stand in";
  const json written = to_json(skipped);
  const ConvMeasurement read = conv_measurement_from_json(JsonFields(written, "convolution_probes[0]"));
  BOOST_TEST(read.probed.batch == 0);
  BOOST_TEST(read.probed.height == 0);
  BOOST_TEST((read.status == ProbeStatus::skipped));
  BOOST_TEST(read.reason == skipped.reason);
}

BOOST_AUTO_TEST_CASE(a_directory_or_a_file_that_is_not_json_is_refused) {
  const std::string dir = advise::testing::temp_dir().string();
  BOOST_CHECK_EXCEPTION(profile_from_probe_results(dir, {}), ProbeResultsError, [&](const ProbeResultsError& e) {
    return std::string(e.what()) == dir + ": is a directory, not probe results";
  });
  const std::string text = advise::testing::write_temp_file("text.json", "machine: cpu\n");
  BOOST_CHECK_EXCEPTION(profile_from_probe_results(text, {}), ProbeResultsError, [&](const ProbeResultsError& e) {
    return std::string(e.what()) == text + ": not probe results: not JSON (byte 1)";
  });
}

BOOST_AUTO_TEST_SUITE_END()
