#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <fstream>

#include "probes/machine_probe.hpp"
#include "probes/cpu_probe.hpp"
#include "probes/probe_cache.hpp"
#include "tests/support/set_timer.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;

namespace {

MachineFingerprint fingerprint() {
  MachineFingerprint f;
  f.cpu_model = "Test CPU";
  f.cores = 2;
  f.threads = 4;
  f.threads_used = 2;
  f.isa = "avx2";
  f.onednn_version = "2.6.3";
  f.probe_version = 1;
  return f;
}

CachedProfile invented_profile() {
  CachedProfile profile;
  CpuFacts cpu;
  cpu.name = "Test CPU";
  cpu.cores = 2;
  cpu.threads = 4;
  cpu.threads_used = 2;
  cpu.isa = "avx2";
  cpu.clock_hz = 3e9;
  cpu.fp32_flops_per_cycle_per_core = 32;
  cpu.memory_bytes = 1LL << 33;
  cpu.peak_flops = {{"fp32", 192e9}, {"bf16", 192e9}};
  profile.cpu = cpu;
  profile.bandwidth = BandwidthMeasurement{20e9, 21e9, 1 << 20, 5, true, ProbeStatus::ok, ""};
  profile.bandwidth_curve = std::vector<BandwidthMeasurement>{{80e9, 90e9, 1 << 18, 9, true, ProbeStatus::ok, ""},
                                                              {40e9, 45e9, 1 << 19, 9, true, ProbeStatus::ok, ""}};
  Measurement gemm;
  gemm.device = "cpu";
  gemm.shape = gemm.probed = {64, 32, 16, false, true, "fp32"};
  gemm.seconds_median = 1e-5;
  gemm.seconds_min = 0.9e-5;
  gemm.seconds_max = 1.2e-5;
  gemm.samples = 7;
  gemm.verified = true;
  gemm.status = ProbeStatus::ok;
  gemm.library = "dnnl_sgemm";
  profile.reference_gemm = gemm;
  profile.gemms = {gemm};
  Measurement unchecked = gemm;
  unchecked.shape = {8, 8, 8, false, false, "fp32"};
  unchecked.verified = false;
  unchecked.status = ProbeStatus::failed;
  profile.gemms.push_back(unchecked);
  ConvMeasurement conv;
  conv.shape = {8, 3, 16, 16, 4, 3, 2, 1, 1, "fp32"};
  conv.pass = ConvPass::backward_weights;
  conv.probed = conv.shape;
  conv.probed.batch = 4;
  conv.probed_dtype = "fp32";
  conv.scale = 2;
  conv.seconds_median = 2e-4;
  conv.seconds_min = 1.5e-4;
  conv.seconds_max = 3e-4;
  conv.samples = 9;
  conv.verified = true;
  conv.status = ProbeStatus::ok;
  profile.convolutions = {conv};
  ConvMeasurement wrong = conv;
  wrong.pass = ConvPass::forward;
  wrong.verified = false;
  wrong.status = ProbeStatus::failed;
  profile.convolutions.push_back(wrong);
  ArithmeticMeasurement gelu;
  gelu.request = {"gelu", 65536};
  gelu.probed_elements = 65536;
  gelu.elements_per_second = 1.5e9;
  gelu.samples = 6;
  gelu.verified = true;
  gelu.status = ProbeStatus::ok;
  ArithmeticMeasurement spoiled = gelu;
  spoiled.request.kind = "tanh";
  spoiled.verified = false;
  spoiled.status = ProbeStatus::failed;
  profile.arithmetic = {gelu, spoiled};
  return profile;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(probe_cache)

BOOST_AUTO_TEST_CASE(round_trip_keeps_every_checked_measurement) {
  const std::string path = advise::testing::write_temp_file("cache/round-trip.json", "");
  std::vector<std::string> warnings;
  save_cache(path, fingerprint(), invented_profile(), warnings);
  BOOST_TEST(warnings.empty());
  const CachedProfile loaded = load_cache(path, fingerprint(), warnings);
  BOOST_TEST(warnings.empty());
  BOOST_REQUIRE(loaded.cpu.has_value());
  BOOST_TEST(loaded.cpu->peak_flops.at("fp32") == 192e9);
  BOOST_TEST(loaded.bandwidth->bytes_per_s_median == 20e9);
  BOOST_REQUIRE_EQUAL(loaded.bandwidth_curve->size(), 2u);
  BOOST_TEST(loaded.bandwidth_curve->at(1).working_set_bytes() == 3 << 19);
  BOOST_TEST(loaded.bandwidth_curve->at(1).bytes_per_s_median == 40e9);
  BOOST_REQUIRE_EQUAL(loaded.gemms.size(), 1u);  // the failed one is never stored or reused
  BOOST_TEST((loaded.gemms[0].shape == GemmShape{64, 32, 16, false, true, "fp32"}));
  BOOST_TEST(loaded.gemms[0].seconds_median == 1e-5);
  BOOST_TEST(loaded.gemms[0].library == "dnnl_sgemm");
  BOOST_REQUIRE_EQUAL(loaded.convolutions.size(), 1u);  // likewise
  const ConvMeasurement& conv = loaded.convolutions[0];
  BOOST_TEST((conv.shape == ConvShape{8, 3, 16, 16, 4, 3, 2, 1, 1, "fp32"}));
  BOOST_TEST((conv.pass == ConvPass::backward_weights));
  BOOST_TEST(conv.probed.batch == 4);
  BOOST_TEST(conv.scale == 2);
  BOOST_TEST(conv.seconds_median == 2e-4);
  BOOST_TEST(conv.seconds_max == 3e-4);
  BOOST_TEST(conv.samples == 9);
  BOOST_REQUIRE_EQUAL(loaded.arithmetic.size(), 1u);  // likewise
  BOOST_TEST((loaded.arithmetic[0].request == ArithmeticRequest{"gelu", 65536}));
  BOOST_TEST(loaded.arithmetic[0].elements_per_second == 1.5e9);
}

BOOST_AUTO_TEST_CASE(a_framework_calibration_is_kept_and_survives_a_new_run) {
  const std::string path = advise::testing::write_temp_file("cache/calibration.json", "");
  CachedProfile profile = invented_profile();
  FrameworkCalibration calibration;
  calibration.framework = "pytorch";
  calibration.version = "1.13.1";
  calibration.blas = "openblas";
  calibration.threads = 2;
  calibration.seconds = 0.5;
  calibration.blas_libraries = {"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"};
  calibration.costs = {{"dense", 17e-6}, {"step", 31e-6}};
  profile.calibration = calibration;
  std::vector<std::string> warnings;
  save_cache(path, fingerprint(), profile, warnings);
  const CachedProfile loaded = load_cache(path, fingerprint(), warnings);
  BOOST_TEST(warnings.empty());
  BOOST_REQUIRE(loaded.calibration.has_value());
  BOOST_TEST(loaded.calibration->description() == "PyTorch 1.13.1 (OpenBLAS, 2 threads)");
  BOOST_TEST(loaded.calibration->costs.at("dense") == 17e-6);
  BOOST_TEST(loaded.calibration->blas_libraries.size() == 1u);
  CachedProfile fresh;  // a later run (or --reprobe) that measured the hardware again
  BOOST_TEST(merge_cache(fresh, loaded).calibration.has_value());
}

BOOST_AUTO_TEST_CASE(a_cache_from_another_machine_is_ignored_with_a_warning) {
  const std::string path = advise::testing::write_temp_file("cache/foreign.json", "");
  std::vector<std::string> warnings;
  save_cache(path, fingerprint(), invented_profile(), warnings);
  MachineFingerprint other = fingerprint();
  other.threads_used = 1;
  const CachedProfile loaded = load_cache(path, other, warnings);
  BOOST_TEST(!loaded.cpu.has_value());
  BOOST_TEST(loaded.gemms.empty());
  BOOST_REQUIRE_EQUAL(warnings.size(), 1u);
  BOOST_TEST(warnings[0].find("ignoring probe cache " + path + ": it was measured on Test CPU, 2 cores, 4 threads (2 used)") == 0u);
}

BOOST_AUTO_TEST_CASE(a_corrupt_cache_is_ignored_with_a_warning) {
  for (const char* content : {"{not json", R"({"format": "advise-probe-cache", "fingerprint": {}})", "[1, 2, 3]"}) {
    const std::string path = advise::testing::write_temp_file("cache/corrupt.json", content);
    std::vector<std::string> warnings;
    const CachedProfile loaded = load_cache(path, fingerprint(), warnings);
    BOOST_TEST(!loaded.cpu.has_value());
    BOOST_REQUIRE_EQUAL(warnings.size(), 1u);
    BOOST_TEST(warnings[0].find("ignoring corrupt probe cache " + path + ": ") == 0u);
  }
}

BOOST_AUTO_TEST_CASE(a_reprobe_refreshes_what_it_measures_and_keeps_the_rest) {
  CachedProfile stored = invented_profile();
  stored.file = CacheFile::loaded;
  CachedProfile fresh;  // a run whose CPU facts and shapes all failed: nothing new to keep
  const CachedProfile merged = merge_cache(fresh, stored);
  BOOST_REQUIRE(merged.cpu.has_value());
  BOOST_TEST(merged.cpu->peak_flops.at("fp32") == 192e9);
  BOOST_TEST(merged.gemms.size() == stored.gemms.size());
  Measurement refreshed = stored.gemms.front();
  refreshed.seconds_median = 7e-5;
  fresh.gemms = {refreshed};
  const CachedProfile again = merge_cache(fresh, stored);
  const auto same_shape = std::count_if(again.gemms.begin(), again.gemms.end(),
                                        [&](const Measurement& m) { return m.shape == refreshed.shape; });
  BOOST_TEST(same_shape == 1);
  BOOST_TEST(again.gemms.front().seconds_median == 7e-5);
}

BOOST_AUTO_TEST_CASE(a_missing_cache_is_simply_empty) {
  std::vector<std::string> warnings;
  const CachedProfile loaded = load_cache("/nonexistent/probe.json", fingerprint(), warnings);
  BOOST_TEST(!loaded.cpu.has_value());
  BOOST_TEST(warnings.empty());
}

BOOST_AUTO_TEST_CASE(a_second_probe_reuses_the_first_ones_results) {
  MachineProbeSettings settings;
  settings.probe_seconds = 0.5;
  settings.probe_gpu = false;
  settings.cache_dir = (advise::testing::temp_dir() / "machine-cache").string();
  const std::vector<GemmShape> shapes = {{64, 64, 64, false, true, "fp32"}};
  const MachineProfile first = probe_machine(shapes, {1.0}, settings, {});
  BOOST_TEST(first.gemms_from_cache == 0);
  BOOST_TEST(!first.facts_from_cache);
  const MachineProfile second = probe_machine(shapes, {1.0}, settings, {});
  BOOST_TEST(second.gemms_from_cache == 1);
  BOOST_TEST(second.facts_from_cache);
  BOOST_TEST(second.gemms[0].cached);
  BOOST_TEST(second.gemms[0].seconds_median == first.gemms[0].seconds_median);
  settings.reprobe = true;
  const MachineProfile third = probe_machine(shapes, {1.0}, settings, {});
  BOOST_TEST(third.gemms_from_cache == 0);
  BOOST_TEST(!third.facts_from_cache);
}

BOOST_AUTO_TEST_CASE(a_probe_beside_a_busy_process_keeps_nothing) {
  // Another process spins for the whole probe: it holds at least two thirds of a core (a full one
  // where the probe's threads leave one free), more than kBusyOtherCores.
  const pid_t neighbour = fork();
  BOOST_REQUIRE(neighbour >= 0);
  if (neighbour == 0) {
    volatile unsigned sink = 0;
    for (;;) sink = sink + 1;
  }
  MachineProbeSettings settings;
  settings.probe_seconds = 0.5;
  settings.probe_gpu = false;
  settings.cache_dir = (advise::testing::temp_dir() / "busy-machine-cache").string();
  const std::vector<GemmShape> shapes = {{64, 64, 64, false, true, "fp32"}};
  const MachineProfile busy = probe_machine(shapes, {1.0}, settings, {});
  kill(neighbour, SIGKILL);
  waitpid(neighbour, nullptr, 0);
  BOOST_TEST(std::any_of(busy.warnings.begin(), busy.warnings.end(), [](const std::string& w) {
    return w.find("other work held") != std::string::npos && w.find("not kept") != std::string::npos;
  }));
  BOOST_TEST(!std::filesystem::exists(busy.cache_path));
}

BOOST_AUTO_TEST_CASE(convolution_passes_are_measured_then_reused) {
  MachineProbeSettings settings;
  // Room for every piece whatever the machine's speed: the timer stands in (the work runs once).
  settings.probe_seconds = 60;
  settings.timer = advise::testing::set_timer({1e-5, 1.1e-5, 1.2e-5});
  settings.probe_gpu = false;
  settings.cache_dir = (advise::testing::temp_dir() / "convolution-cache").string();
  const ConvShape shape{4, 3, 12, 12, 8, 3, 1, 1, 1, "fp32"};
  settings.convolutions = {{shape, ConvPass::forward, 1.0}, {shape, ConvPass::backward_weights, 1.0}};
  const std::vector<GemmShape> shapes = {{64, 64, 64, false, true, "fp32"}};
  const MachineProfile first = probe_machine(shapes, {1.0}, settings, {});
  BOOST_REQUIRE_EQUAL(first.convolutions.size(), 2u);
  BOOST_TEST(first.convolutions_from_cache == 0);
  for (const ConvMeasurement& m : first.convolutions) BOOST_TEST(m.verified, m.reason);
  BOOST_TEST((first.convolutions[1].pass == ConvPass::backward_weights));
  const MachineProfile second = probe_machine(shapes, {1.0}, settings, {});
  BOOST_TEST(second.convolutions_from_cache == 2);
  BOOST_TEST(second.convolutions[1].cached);
  BOOST_TEST(second.convolutions[1].seconds_median == first.convolutions[1].seconds_median);
}

BOOST_AUTO_TEST_CASE(arithmetic_rates_are_measured_then_reused) {
  MachineProbeSettings settings;
  settings.probe_seconds = 60;
  settings.timer = advise::testing::set_timer({1e-5, 1.1e-5, 1.2e-5});
  settings.probe_gpu = false;
  settings.cache_dir = (advise::testing::temp_dir() / "arithmetic-cache").string();
  settings.arithmetic = {{"gelu", 40000}, {"lstm_gate", 40000}};
  const MachineProfile first = probe_machine({}, {}, settings, {});
  BOOST_REQUIRE_EQUAL(first.arithmetic.size(), 2u);
  for (const ArithmeticMeasurement& m : first.arithmetic) {
    BOOST_TEST(m.verified);
    BOOST_TEST(!m.cached);
    BOOST_TEST(m.elements_per_second == static_cast<double>(m.probed_elements) / 1.1e-5, boost::test_tools::tolerance(1e-9));
  }
  const MachineProfile second = probe_machine({}, {}, settings, {});
  BOOST_REQUIRE_EQUAL(second.arithmetic.size(), 2u);
  BOOST_TEST(second.arithmetic[1].cached);
  BOOST_TEST(second.arithmetic[1].elements_per_second == first.arithmetic[1].elements_per_second);
}

// A run never loses what the user had: a corrupt cache is set aside before the new one
// is written, and a cache it cannot read (here a directory) is left exactly as it was.
BOOST_AUTO_TEST_CASE(a_run_sets_a_corrupt_cache_aside_and_leaves_an_unreadable_one_alone) {
  MachineProbeSettings settings;
  settings.probe_seconds = 0.2;
  settings.probe_gpu = false;
  settings.cache_dir = (advise::testing::temp_dir() / "damaged-cache").string();
  const std::string path = cache_file(settings.cache_dir, current_fingerprint(set_cpu_threads(0)));
  advise::testing::write_temp_file("damaged-cache/" + std::filesystem::path(path).filename().string(), "{not json");
  const std::vector<GemmShape> shapes = {{64, 64, 64, false, true, "fp32"}};
  const MachineProfile first = probe_machine(shapes, {1.0}, settings, {});
  std::ifstream aside(path + ".corrupt");
  const std::string kept((std::istreambuf_iterator<char>(aside)), std::istreambuf_iterator<char>());
  BOOST_TEST(kept == "{not json");
  BOOST_TEST(first.warnings.back() == "the old probe cache was kept as " + path + ".corrupt");
  std::vector<std::string> warnings;
  BOOST_TEST((load_cache(path, current_fingerprint(set_cpu_threads(0)), warnings).file == CacheFile::loaded));

  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  const MachineProfile second = probe_machine(shapes, {1.0}, settings, {});
  BOOST_TEST(std::filesystem::is_directory(path));
  BOOST_TEST(std::filesystem::is_empty(path));
  BOOST_TEST(second.gemms_from_cache == 0);
  BOOST_REQUIRE(!second.warnings.empty());
  BOOST_TEST(second.warnings.front().find("cannot read probe cache " + path) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
