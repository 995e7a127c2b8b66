// A step's GEMMs and convolutions fetch their operands from memory where the probe found them
// in the caches: the bytes each moves, and the time that adds on this CPU.

#include <boost/test/unit_test.hpp>

#include "advisor/predict/cold_operands.hpp"
#include "tests/support/triad_point.hpp"

using namespace advise;
using advise::testing::triad_point;
namespace tt = boost::test_tools;

namespace {

// 100 GB/s up to 1 MiB arrays (3 MiB working sets), memory-speed 20 GB/s from 32 MiB arrays on.
CpuBandwidth two_level_machine() {
  MachineProfile profile;
  profile.bandwidth = triad_point(128 << 20, 20e9);
  profile.bandwidth_curve = {triad_point(1 << 20, 100e9), triad_point(32 << 20, 20e9)};
  return CpuBandwidth(profile);
}

WorkloadGemm gemm(std::int64_t m, std::int64_t n, std::int64_t k, const std::string& dtype, std::int64_t count) {
  WorkloadGemm g;
  g.shape = {m, n, k, false, false, dtype};
  g.count = count;
  return g;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cold_operands)

BOOST_AUTO_TEST_CASE(a_gemm_moves_both_operands_and_its_result) {
  const OperandTraffic fp32 = operand_traffic(gemm(64, 32, 16, "fp32", 3));
  BOOST_TEST(fp32.working_set_bytes == 4.0 * (64 * 16 + 16 * 32 + 64 * 32));
  BOOST_TEST(fp32.bytes == 3 * fp32.working_set_bytes);  // each call its own
  BOOST_TEST(operand_traffic(gemm(64, 32, 16, "bf16", 3)).bytes == fp32.bytes / 2);
  WorkloadGemm heads = gemm(64, 64, 32, "fp32", 8);
  heads.per_kernel = 8;  // one call runs all eight: its working set is theirs together
  BOOST_TEST(operand_traffic(heads).working_set_bytes == operand_traffic(heads).bytes);
}

BOOST_AUTO_TEST_CASE(a_convolution_moves_its_tensors_not_its_unrolled_input) {
  WorkloadGemm conv;
  conv.convolution = true;
  conv.conv = {8, 16, 32, 32, 32, 3, 2, 1, 4, "fp32"};  // 16 -> 32 channels in 4 groups, stride 2
  conv.count = 4;  // one call per step: the count is per group
  conv.shape = {8 * 16 * 16, 32 / 4, 16 / 4 * 9, false, false, "fp32"};
  const double input = 8.0 * 16 * 32 * 32, weights = 32.0 * 4 * 9, output = 8.0 * 32 * 16 * 16;
  const OperandTraffic traffic = operand_traffic(conv);
  BOOST_TEST(traffic.working_set_bytes == 4 * (input + weights + output));
  BOOST_TEST(traffic.bytes == traffic.working_set_bytes);
}

BOOST_AUTO_TEST_CASE(only_operands_the_probe_found_in_the_caches_cost_more_in_a_step) {
  const CpuBandwidth bandwidth = two_level_machine();
  const WorkloadGemm small = gemm(128, 128, 128, "fp32", 10);  // 192 KiB: in the caches when probed
  const WorkloadGemm huge = gemm(4096, 4096, 4096, "fp32", 1);  // 192 MiB: from memory when probed, too
  BOOST_TEST(cold_operand_seconds({small}, bandwidth, 20e9) == operand_traffic(small).bytes / 20e9,
             tt::tolerance(1e-12));
  BOOST_TEST(cold_operand_seconds({huge}, bandwidth, 20e9) == 0.0);
  // A cloud CPU fetches the same bytes at its own memory bandwidth.
  BOOST_TEST(cold_operand_seconds({small, huge}, bandwidth, 40e9) == operand_traffic(small).bytes / 40e9,
             tt::tolerance(1e-12));
  BOOST_TEST(cold_operand_seconds({small}, bandwidth, 0) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
