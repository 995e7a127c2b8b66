// A probe session under faults injected through its seams (a stand-in timer, a
// tampered result): shapes the budget has no time for are estimated from their
// measured neighbours and say so; absurd times and wrong results are failures with
// their reasons; nothing of it reaches the cache.

#include <boost/test/unit_test.hpp>

#include <cmath>

#include "probes/machine_probe.hpp"
#include "probes/probe_cache.hpp"
#include "tests/support/fake_gpu.hpp"
#include "tests/support/set_timer.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using advise::testing::set_timer;

namespace {

MachineProbeSettings quick_settings(const std::string& cache_name) {
  MachineProbeSettings settings;
  settings.probe_seconds = 0.5;
  settings.probe_gpu = false;
  settings.cache_dir = (advise::testing::temp_dir() / cache_name).string();
  settings.reprobe = true;
  return settings;
}

const std::vector<GemmShape> kShapes = {{256, 256, 256, false, false, "fp32"},
                                        {128, 128, 128, false, true, "fp32"},
                                        {64, 64, 64, true, false, "fp32"}};
const std::vector<double> kWeights = {4.0, 2.0, 1.0};  // measured heaviest first

}  // namespace

BOOST_AUTO_TEST_SUITE(machine_probe_faults)

BOOST_AUTO_TEST_CASE(shapes_past_the_budget_are_estimated_from_measured_neighbours) {
  MachineProbeSettings settings = quick_settings("slow-cache");
  settings.timer = set_timer({2.0, 2.0, 2.0});  // every call "takes" 2 s: one shape spends it all
  const ConvShape conv{4, 3, 12, 12, 8, 3, 1, 1, 1, "fp32"};
  settings.convolutions = {{conv, ConvPass::forward, 1.0}};
  const MachineProfile profile = probe_machine(kShapes, kWeights, settings, {});
  BOOST_REQUIRE_EQUAL(profile.gemms.size(), 3u);
  BOOST_TEST(!profile.gemms[0].estimated);
  BOOST_TEST(profile.gemms[0].seconds_median == 2.0);
  for (std::size_t i = 1; i < 3; ++i) {
    const Measurement& m = profile.gemms[i];
    BOOST_TEST(m.estimated);
    BOOST_TEST((m.shape == kShapes[i]));
    BOOST_TEST(m.reason.find("not timed within the probe's budget: estimated from the nearest measured shape "
                             "256x256x256") == 0u, m.reason);
    // The neighbour's fraction of peak: time in proportion to FLOPs.
    BOOST_TEST(m.seconds_median == 2.0 * kShapes[i].flops() / kShapes[0].flops(), boost::test_tools::tolerance(1e-9));
  }
  BOOST_REQUIRE_EQUAL(profile.convolutions.size(), 1u);
  BOOST_TEST((profile.convolutions[0].status == ProbeStatus::skipped));
  BOOST_TEST(profile.convolutions[0].reason == "not timed within the probe's budget: its implicit GEMMs stand in");
  std::vector<std::string> warnings;
  const CachedProfile cached = load_cache(profile.cache_path, current_fingerprint(set_cpu_threads(0)), warnings);
  BOOST_TEST(cached.gemms.size() == 1u);  // only what was measured
  BOOST_TEST(cached.convolutions.empty());
}

BOOST_AUTO_TEST_CASE(an_absurd_time_is_a_failure_never_a_figure) {
  for (const double seconds : {-1.0, 0.0, std::nan(""), 1e-15}) {
    MachineProbeSettings settings = quick_settings("absurd-cache");
    settings.timer = set_timer({seconds, seconds, seconds});
    const MachineProfile profile = probe_machine({kShapes[0]}, {1.0}, settings, {});
    const Measurement& m = profile.gemms[0];
    BOOST_TEST((m.status == ProbeStatus::failed));
    BOOST_TEST(m.seconds_median == 0);
    BOOST_TEST(m.reason.find("the timer reported an absurd time") == 0u, m.reason);
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_result_is_a_failure_and_is_not_cached) {
  MachineProbeSettings settings = quick_settings("tampered-cache");
  settings.tamper = [](float* c, std::int64_t entries) {
    for (std::int64_t i = 0; i < entries; ++i) c[i] += 1.0f;
  };
  const MachineProfile profile = probe_machine({kShapes[0]}, {1.0}, settings, {});
  BOOST_TEST((profile.gemms[0].status == ProbeStatus::failed));
  BOOST_TEST(!profile.gemms[0].verified);
  BOOST_TEST(!profile.gemms[0].reason.empty());
  std::vector<std::string> warnings;
  BOOST_TEST(load_cache(profile.cache_path, current_fingerprint(set_cpu_threads(0)), warnings).gemms.empty());
}

// The GPU times the GEMMs its plan names once the GPU is known (a framework runs some fp32 GEMMs
// in tf32 where the GPU has it), not the CPU's list.
BOOST_AUTO_TEST_CASE(the_gpu_times_the_shapes_its_plan_chooses_for_it) {
  advise::testing::FakeGpu healthy("");
  MachineProbeSettings settings = quick_settings("gpu-plan-cache");
  settings.timer = set_timer({1e-3, 1e-3, 1e-3});
  settings.probe_gpu = true;
  settings.gpu_backend = ADVISE_FAKE_GPU_BACKEND;
  GemmShape in_tf32 = kShapes[0];
  in_tf32.dtype = "tf32";
  bool saw_tf32 = false;
  settings.gpu_plan = [&](const GpuFacts& gpu) {
    saw_tf32 = gpu.peak_flops.count("tf32") > 0;  // the stand-in is a Hopper board
    return GpuGemmPlan{{in_tf32, kShapes[1]}, {3.0, 1.0}};
  };
  const MachineProfile profile = probe_machine(kShapes, kWeights, settings, {});
  BOOST_TEST(saw_tf32);
  BOOST_REQUIRE(profile.gpu.available);
  BOOST_REQUIRE_EQUAL(profile.gpu_gemms.size(), 2u);
  BOOST_TEST((profile.gpu_gemms[0].shape == in_tf32));
  BOOST_TEST((profile.gpu_gemms[1].shape == kShapes[1]));
  BOOST_TEST(profile.find_gpu_gemm(kShapes[0]) == nullptr);  // its fp32 form was not asked for
}

BOOST_AUTO_TEST_SUITE_END()
