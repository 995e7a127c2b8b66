#include <boost/test/unit_test.hpp>

#include "probes/conv_probe.hpp"
#include "probes/cpu_info.hpp"
#include "tests/support/set_timer.hpp"

using namespace advise;
using advise::testing::set_timer;

BOOST_AUTO_TEST_SUITE(conv_probe)

// Stride, padding and groups all in play, with an output smaller than the input.
const ConvShape kShape{3, 8, 11, 9, 12, 3, 2, 1, 2, "fp32"};

BOOST_AUTO_TEST_CASE(every_pass_computes_the_right_result_and_is_timed) {
  for (const ConvPass pass : {ConvPass::forward, ConvPass::backward_data, ConvPass::backward_weights}) {
    BOOST_TEST_CONTEXT(to_string(pass)) {
      const ConvMeasurement m = probe_cpu_conv(kShape, pass, 0.01);
      BOOST_TEST(m.status == ProbeStatus::ok, m.reason);
      BOOST_TEST(m.verified);
      BOOST_TEST(m.seconds_median > 0);
      BOOST_TEST(m.seconds_min <= m.seconds_median);
      BOOST_TEST(m.seconds_median <= m.seconds_max);
      BOOST_TEST(m.max_relative_error < 1e-5);
      BOOST_TEST((m.probed == kShape));
      BOOST_TEST(m.probed_dtype == "fp32");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_plain_convolution_without_groups_is_checked_too) {
  const ConvShape shape{2, 5, 7, 7, 6, 3, 1, 0, 1, "fp32"};
  for (const ConvPass pass : {ConvPass::forward, ConvPass::backward_data, ConvPass::backward_weights}) {
    BOOST_TEST_CONTEXT(to_string(pass)) { BOOST_TEST(probe_cpu_conv(shape, pass, 0.005).verified); }
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_result_fails_and_reports_no_time) {
  ConvProbeOptions options;
  options.tamper = [](float* result, std::int64_t entries) {
    for (std::int64_t i = 0; i < entries; ++i) result[i] += 1.0f;
  };
  for (const ConvPass pass : {ConvPass::forward, ConvPass::backward_data, ConvPass::backward_weights}) {
    BOOST_TEST_CONTEXT(to_string(pass)) {
      const ConvMeasurement m = probe_cpu_conv(kShape, pass, 0.005, options);
      BOOST_TEST(m.status == ProbeStatus::failed);
      BOOST_TEST(!m.verified);
      BOOST_TEST(m.seconds_median == 0);
      BOOST_TEST(m.reason.find("result check failed") != std::string::npos, m.reason);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_large_batch_is_cut_and_scaled_back) {
  ConvShape shape{512, 64, 56, 56, 32, 3, 1, 1, 1, "fp32"};  // 0.12 GFLOP per example and pass
  const ConvProbeLimits limits;
  shape.batch = plan_conv_batch(shape, limits);
  BOOST_TEST(shape.batch == 8);
  BOOST_TEST(shape.flops() <= limits.max_flops);
  shape.out_channels = 128;  // 0.46 GFLOP per example: the batch stays at its floor
  BOOST_TEST(plan_conv_batch(shape, limits) == limits.min_batch);

  const ConvShape small{4, 3, 8, 8, 4, 3, 1, 1, 1, "fp32"};
  BOOST_TEST(plan_conv_batch(small, limits) == 4);  // never cut below what was asked or grown

  ConvProbeLimits tight;
  tight.max_flops = 3e5;  // 115,200 FLOPs per example below
  tight.min_batch = 2;
  ConvProbeOptions options{tight};
  options.timer = set_timer({1e-3, 2e-3, 5e-3});
  const ConvMeasurement m = probe_cpu_conv({16, 8, 10, 10, 8, 3, 1, 1, 1, "fp32"}, ConvPass::forward, 0.005, options);
  BOOST_TEST(m.verified);
  BOOST_TEST(m.probed.batch == 2);
  BOOST_TEST(m.scale == 8.0);
  BOOST_TEST(m.samples == 3);
  BOOST_TEST(m.seconds_median == 2e-3 * 8);  // the cut batch's time, scaled back to the whole batch
  BOOST_TEST(m.seconds_min == 1e-3 * 8);
  BOOST_TEST(m.seconds_max == 5e-3 * 8);
}

BOOST_AUTO_TEST_CASE(one_example_too_large_for_a_call_has_its_largest_side_cut) {
  // 512 -> 512 channels, a 15x15 kernel on 128x128 images: 1.5 TFLOP per example and pass. As an
  // implicit GEMM: 12,996 output pixels x 512 output channels x 115,200 (512 channels x 225).
  const ConvShape huge{8, 512, 128, 128, 512, 15, 1, 0, 1, "fp32"};
  const ConvProbeLimits limits;  // 1 GFLOP a call, sides kept at 256 where they can be
  const ConvShape probed = plan_conv_shape(huge, limits);
  BOOST_TEST(probed.batch == 1);
  BOOST_TEST(probed.flops() <= limits.max_flops);
  // Each step halves the largest side: the reduction down to 4 channels (900), the image down to
  // 29x29 outputs (841 pixels), the 512 output channels kept: 2 · 841 · 512 · 900 = 0.78 GFLOP,
  // every side still above 256.
  BOOST_TEST(probed.in_channels == 4);
  BOOST_TEST(probed.out_channels == 512);
  BOOST_TEST(probed.out_height() == 29);
  BOOST_TEST(probed.out_width() == 29);
  BOOST_TEST(probed.flops() == 2.0 * 841 * 512 * 900);
  // A cap below that: sides go under 256 too, whole groups kept.
  ConvProbeLimits tight;
  tight.max_flops = 1e7;
  ConvShape grouped = huge;
  grouped.groups = 4;
  const ConvShape cut = plan_conv_shape(grouped, tight);
  BOOST_TEST(cut.flops() <= tight.max_flops);
  BOOST_TEST(cut.out_channels % 4 == 0);
  BOOST_TEST(cut.in_channels % 4 == 0);
}

BOOST_AUTO_TEST_CASE(a_cut_example_is_timed_and_checked_on_its_cut_shape_and_scaled_back_by_flops) {
  ConvProbeOptions options;
  options.limits.max_flops = 2e5;
  options.limits.min_dimension = 16;
  options.timer = set_timer({1e-3, 1e-3, 1e-3});
  const ConvShape small{2, 8, 40, 40, 8, 15, 1, 0, 1, "fp32"};  // 676 pixels x 8 x 1,800 per example
  for (const ConvPass pass : {ConvPass::forward, ConvPass::backward_data, ConvPass::backward_weights}) {
    BOOST_TEST_CONTEXT(to_string(pass)) {
      const ConvMeasurement m = probe_cpu_conv(small, pass, 0.005, options);
      BOOST_TEST(m.verified, m.reason);
      BOOST_TEST(m.probed.batch == 1);
      BOOST_TEST(m.probed.flops() <= options.limits.max_flops);
      BOOST_TEST(m.scale == small.flops() / m.probed.flops());
      BOOST_TEST(m.seconds_median == 1e-3 * m.scale);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_impossible_shape_is_skipped_with_the_reason) {
  const ConvMeasurement groups = probe_cpu_conv({2, 6, 8, 8, 4, 3, 1, 1, 4, "fp32"}, ConvPass::forward, 0.005);
  BOOST_TEST(groups.status == ProbeStatus::skipped);
  BOOST_TEST(groups.reason == "channels must divide into the groups");
  const ConvMeasurement kernel = probe_cpu_conv({2, 4, 3, 3, 4, 5, 1, 0, 1, "fp32"}, ConvPass::forward, 0.005);
  BOOST_TEST(kernel.status == ProbeStatus::skipped);
  BOOST_TEST(kernel.reason == "the kernel is larger than the padded input");
}

// oneDNN has bf16 convolutions from AVX-512 on; below that the probe says it measured fp32.
BOOST_AUTO_TEST_CASE(bf16_runs_natively_where_the_cpu_has_it_and_as_fp32_otherwise) {
  ConvShape shape = kShape;
  shape.dtype = "bf16";
  const ConvMeasurement m = probe_cpu_conv(shape, ConvPass::backward_weights, 0.005);
  BOOST_TEST(m.verified, m.reason);
  const std::string isa = onednn_isa();
  if (isa.rfind("avx512", 0) == 0 || isa.rfind("amx", 0) == 0) {
    BOOST_TEST(m.probed_dtype == "bf16");
  } else {
    BOOST_TEST(m.probed_dtype == "fp32");
    BOOST_TEST(m.reason == "bf16 has no oneDNN convolution on this CPU: measured fp32");
  }
}

BOOST_AUTO_TEST_CASE(passes_read_back_from_their_names) {
  for (const ConvPass pass : {ConvPass::forward, ConvPass::backward_data, ConvPass::backward_weights}) {
    ConvPass parsed = ConvPass::forward;
    BOOST_TEST(parse_conv_pass(to_string(pass), parsed));
    BOOST_TEST((parsed == pass));
  }
  ConvPass parsed;
  BOOST_TEST(!parse_conv_pass("sideways", parsed));
}

BOOST_AUTO_TEST_SUITE_END()
