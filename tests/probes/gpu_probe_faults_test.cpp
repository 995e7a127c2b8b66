// What the GPU probe makes of a GPU's failures, through a stand-in backend module
// (tests/support/fake_gpu_backend.cpp) whose answers each test sets: a failed
// discovery, out of memory on large shapes or on all, a result nobody checked,
// and times or bandwidths no GPU can give. None of them may become a figure.

#include <boost/test/unit_test.hpp>


#include "probes/gpu_probe.hpp"
#include "tests/support/fake_gpu.hpp"

using namespace advise;
using advise::testing::FakeGpu;

namespace {


std::unique_ptr<GpuProbe> open_fake(std::string& reason) { return GpuProbe::open(ADVISE_FAKE_GPU_BACKEND, reason); }

const GemmShape kShape{4096, 4096, 4096, false, false, "fp32"};

}  // namespace

BOOST_AUTO_TEST_SUITE(gpu_probe_faults)

BOOST_AUTO_TEST_CASE(a_healthy_gpu_gives_a_checked_time) {
  FakeGpu fake("");
  std::string reason;
  std::unique_ptr<GpuProbe> gpu = open_fake(reason);
  BOOST_REQUIRE_MESSAGE(gpu, reason);
  BOOST_TEST(gpu->facts().name == "Fake GPU");
  const Measurement m = gpu->time_gemm(kShape, 0.01);
  BOOST_TEST((m.status == ProbeStatus::ok));
  BOOST_TEST(m.verified);
  BOOST_TEST(m.seconds_median == kShape.flops() / 50e12, boost::test_tools::tolerance(1e-9));
  BOOST_TEST((gpu->triad(0.01).status == ProbeStatus::ok));
}

BOOST_AUTO_TEST_CASE(a_failed_discovery_says_why_in_words) {
  for (const auto& [settings, expected] : {std::pair{"discover=100", "no CUDA device"},
                                           std::pair{"discover=35", "no NVIDIA driver"},
                                           std::pair{"discover=46", "busy or unavailable"}}) {
    FakeGpu fake(settings);
    std::string reason;
    BOOST_TEST(!open_fake(reason));
    BOOST_TEST(reason.find(expected) != std::string::npos, reason);
  }
}

BOOST_AUTO_TEST_CASE(out_of_memory_cuts_the_shape_until_it_fits) {
  FakeGpu fake("oom_above=104857600");  // 100 MiB: far less than the first plan asks
  std::string reason;
  std::unique_ptr<GpuProbe> gpu = open_fake(reason);
  BOOST_REQUIRE(gpu);
  const GemmShape big{65536, 65536, 65536, false, false, "fp32"};
  const Measurement m = gpu->time_gemm(big, 0.01);
  BOOST_TEST((m.status == ProbeStatus::ok));
  BOOST_TEST(gemm_bytes(m.probed, 4) <= 100LL << 20);
  BOOST_TEST(m.scale > 1);
  BOOST_TEST(m.seconds_median == big.flops() / 50e12, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(out_of_memory_on_every_shape_is_a_failure_with_its_reason) {
  FakeGpu fake("oom");
  std::string reason;
  std::unique_ptr<GpuProbe> gpu = open_fake(reason);
  BOOST_REQUIRE(gpu);
  const Measurement m = gpu->time_gemm(kShape, 0.01);
  BOOST_TEST((m.status == ProbeStatus::failed));
  BOOST_TEST(m.reason.find("out of GPU memory even for a shape cut to") == 0u, m.reason);
}

BOOST_AUTO_TEST_CASE(a_time_for_an_unchecked_result_is_refused) {
  FakeGpu fake("unverified");
  std::string reason;
  std::unique_ptr<GpuProbe> gpu = open_fake(reason);
  BOOST_REQUIRE(gpu);
  const Measurement m = gpu->time_gemm(kShape, 0.01);
  BOOST_TEST((m.status == ProbeStatus::failed));
  BOOST_TEST(!m.verified);
  BOOST_TEST(m.reason == "the GPU backend reported a time for a result it did not check");
}

BOOST_AUTO_TEST_CASE(an_absurd_time_is_refused) {
  // Negative, zero, not a number, and 1 ns for 137 GFLOP (beyond any GPU's peak).
  for (const char* settings : {"seconds=-1", "seconds=0", "seconds=nan", "seconds=1e-9"}) {
    FakeGpu fake(settings);
    std::string reason;
    std::unique_ptr<GpuProbe> gpu = open_fake(reason);
    BOOST_REQUIRE(gpu);
    const Measurement m = gpu->time_gemm(kShape, 0.01);
    BOOST_TEST((m.status == ProbeStatus::failed), settings);
    BOOST_TEST(m.reason.find("the GPU backend reported an absurd time") == 0u, m.reason);
    BOOST_TEST(m.seconds_median == 0);
  }
}

BOOST_AUTO_TEST_CASE(a_failed_or_absurd_bandwidth_is_refused) {
  for (const char* settings : {"triad=0", "triad=inf", "triad=nan"}) {
    FakeGpu fake(settings);
    std::string reason;
    std::unique_ptr<GpuProbe> gpu = open_fake(reason);
    BOOST_REQUIRE(gpu);
    const BandwidthMeasurement bandwidth = gpu->triad(0.01);
    BOOST_TEST((bandwidth.status == ProbeStatus::failed), settings);
    BOOST_TEST(!bandwidth.reason.empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
