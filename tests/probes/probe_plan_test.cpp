#include <boost/test/unit_test.hpp>
#include <numeric>

#include "probes/probe_plan.hpp"
#include "probes/statistics.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(probe_plan)

BOOST_AUTO_TEST_CASE(a_shape_within_limits_is_probed_as_is) {
  const GemmShape shape{128, 512, 784, false, true, "fp32"};
  const ProbeShape plan = plan_probe_shape(shape, ProbeLimits{});
  BOOST_TEST(plan.probed == shape);
  BOOST_TEST(plan.scale == 1.0);
}

BOOST_AUTO_TEST_CASE(a_200_billion_parameter_layer_is_cut_to_fit) {
  // Forward GEMM of a 2,000 -> 100,000,000 dense layer at batch 512.
  const GemmShape shape{512, 100'000'000, 2000, false, true, "fp32"};
  const ProbeLimits limits;
  const ProbeShape plan = plan_probe_shape(shape, limits);
  BOOST_TEST(gemm_bytes(plan.probed, 4) <= limits.max_bytes);
  BOOST_TEST(plan.probed.flops() <= limits.max_flops);
  BOOST_TEST(plan.probed.m == 512);  // already the smallest: never cut
  BOOST_TEST(plan.probed.n % limits.tile == 0);
  BOOST_TEST(plan.probed.n >= limits.min_dimension);
  BOOST_TEST(plan.probed.k >= limits.min_dimension);
  // Cut to 512 x 960 x 960: the time scales back by (10^8 · 2000) / (960 · 960) = 217,013.9.
  BOOST_TEST(plan.probed.n == 960);
  BOOST_TEST(plan.probed.k == 960);
  BOOST_TEST(plan.scale == 2e11 / 921'600.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_cut_keeps_the_shape_as_square_as_it_can) {
  ProbeLimits limits;
  limits.max_flops = 1e9;
  // 29 GFLOP: cutting M alone to 256 would leave a skinny 256x768x2304.
  const ProbeShape plan = plan_probe_shape({8192, 768, 2304, false, false, "bf16"}, limits);
  BOOST_TEST(plan.probed.flops() <= 1e9);
  BOOST_TEST(plan.probed.m >= 512);
  BOOST_TEST(plan.probed.k >= 512);
  BOOST_TEST(plan.probed.n == 768);
}

BOOST_AUTO_TEST_CASE(no_dimension_is_cut_below_the_saturation_floor) {
  ProbeLimits limits;
  limits.max_flops = 1;  // impossible: everything would have to go
  const ProbeShape plan = plan_probe_shape({100000, 100000, 100000, false, false, "fp32"}, limits);
  BOOST_TEST(plan.probed.m == limits.min_dimension);
  BOOST_TEST(plan.probed.n == limits.min_dimension);
  BOOST_TEST(plan.probed.k == limits.min_dimension);
}

BOOST_AUTO_TEST_CASE(budget_split_follows_weights_and_sums_to_the_total) {
  const std::vector<double> budget = split_budget({1, 3, 0}, 2.0, 0.1);
  BOOST_TEST(std::accumulate(budget.begin(), budget.end(), 0.0) == 2.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(budget[0] == 0.1 + 1.7 * 0.25, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(budget[1] == 0.1 + 1.7 * 0.75, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(budget[2] == 0.1, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(budget_below_the_minimums_gives_each_its_minimum) {
  const std::vector<double> budget = split_budget({1, 1}, 0.05, 0.1);
  BOOST_TEST(budget[0] == 0.1);
  BOOST_TEST(budget[1] == 0.1);
}

BOOST_AUTO_TEST_CASE(summary_has_median_min_max) {
  const SampleSummary odd = summarize({3, 1, 2});
  BOOST_TEST(odd.median == 2.0);
  BOOST_TEST(odd.min == 1.0);
  BOOST_TEST(odd.max == 3.0);
  BOOST_TEST(summarize({4, 1, 2, 3}).median == 2.5);
  BOOST_TEST(odd.relative_spread() == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
