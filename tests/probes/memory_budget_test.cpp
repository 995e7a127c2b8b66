// The probe's memory cap: a share of what the machine (or its cgroup) has left,
// never above the fixed cap, and obeyed by every probe call of a session.

#include <boost/test/unit_test.hpp>

#include "probes/machine_probe.hpp"
#include "probes/memory_budget.hpp"
#include "probes/probe_plan.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using advise::testing::write_temp_file;

namespace {

constexpr std::int64_t kMiB = 1LL << 20;

}  // namespace

BOOST_AUTO_TEST_SUITE(memory_budget)

BOOST_AUTO_TEST_CASE(available_memory_is_read_from_meminfo) {
  const std::string meminfo =
      write_temp_file("memory/meminfo", "MemTotal:       2048000 kB\nMemAvailable:    1024000 kB\n");
  BOOST_TEST(available_memory_bytes(meminfo, "/nonexistent") == 1024000LL * 1024);
}

BOOST_AUTO_TEST_CASE(a_cgroup_limit_lowers_what_is_available) {
  const std::string meminfo = write_temp_file("memory-cgroup/meminfo", "MemAvailable:   8388608 kB\n");
  write_temp_file("memory-cgroup/cg/memory.max", "1073741824\n");
  const std::string cgroup = write_temp_file("memory-cgroup/cg/memory.current", "805306368\n");
  const std::string dir = cgroup.substr(0, cgroup.rfind('/'));
  BOOST_TEST(available_memory_bytes(meminfo, dir) == 256 * kMiB);
}

BOOST_AUTO_TEST_CASE(an_unlimited_cgroup_leaves_meminfo_alone) {
  const std::string meminfo = write_temp_file("memory-max/meminfo", "MemAvailable:   1048576 kB\n");
  const std::string max = write_temp_file("memory-max/cg/memory.max", "max\n");
  BOOST_TEST(available_memory_bytes(meminfo, max.substr(0, max.rfind('/'))) == 1024 * kMiB);
}

BOOST_AUTO_TEST_CASE(unknown_memory_gives_zero) {
  BOOST_TEST(available_memory_bytes("/nonexistent/meminfo", "/nonexistent") == 0);
}

BOOST_AUTO_TEST_CASE(the_cap_is_a_share_of_the_memory_between_a_floor_and_the_fixed_cap) {
  BOOST_TEST(probe_memory_cap(1024 * kMiB, 512 * kMiB) == 128 * kMiB);
  BOOST_TEST(probe_memory_cap(64LL * 1024 * kMiB, 512 * kMiB) == 512 * kMiB);
  BOOST_TEST(probe_memory_cap(32 * kMiB, 512 * kMiB) == kProbeMemoryFloor);
  BOOST_TEST(probe_memory_cap(0, 512 * kMiB) == 512 * kMiB);  // unknown: the fixed cap
}

// A small machine: every call of a session, GEMM and convolution, stays within its share.
BOOST_AUTO_TEST_CASE(a_probe_session_holds_every_call_to_the_cap) {
  MachineProbeSettings settings;
  settings.probe_seconds = 0.3;
  settings.probe_gpu = false;
  settings.available_memory_bytes = 256 * kMiB;
  const GemmShape big{8192, 8192, 8192, false, false, "fp32"};
  const MachineProfile profile = probe_machine({big}, {1.0}, settings, {});
  BOOST_TEST(profile.probe_memory_cap == 32 * kMiB);
  BOOST_REQUIRE(profile.gemms.size() == 1u);
  BOOST_TEST(gemm_bytes(profile.gemms[0].probed, 4) <= 32 * kMiB);
  BOOST_TEST((profile.gemms[0].status == ProbeStatus::ok));
  BOOST_TEST(gemm_bytes(profile.reference_gemm.probed, 4) <= 32 * kMiB);
  BOOST_TEST(profile.bandwidth.working_set_bytes() <= 32 * kMiB);
  BOOST_REQUIRE(!profile.warnings.empty());
  BOOST_TEST(profile.warnings.back().find("held to 32 MiB") != std::string::npos);

  // The first piece of pending work is always measured, whatever the budget: here the convolution.
  const ConvShape conv{16, 64, 224, 224, 64, 3, 1, 1, 1, "fp32"};
  settings.convolutions = {{conv, ConvPass::forward, 1.0}};
  const MachineProfile with_convolution = probe_machine({}, {}, settings, {});
  BOOST_REQUIRE(with_convolution.convolutions.size() == 1u);
  const ConvMeasurement& measured = with_convolution.convolutions[0];
  BOOST_TEST((measured.status == ProbeStatus::ok));
  const ConvShape& probed = measured.probed;
  const double activations = 8.0 * static_cast<double>(probed.batch) *
                             static_cast<double>(probed.in_channels * probed.height * probed.width +
                                                 probed.out_channels * probed.out_height() * probed.out_width());
  BOOST_TEST(activations <= 32.0 * kMiB);
}

BOOST_AUTO_TEST_SUITE_END()
