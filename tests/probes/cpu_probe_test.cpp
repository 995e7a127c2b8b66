#include <boost/test/unit_test.hpp>
#include <cmath>

#include "probes/cpu_info.hpp"
#include "probes/cpu_probe.hpp"
#include "probes/system_blas.hpp"
#include "probes/triad_probe.hpp"
#include "tests/support/set_timer.hpp"

using namespace advise;
using advise::testing::set_timer;

BOOST_AUTO_TEST_SUITE(cpu_probe)

const GemmShape kShape{96, 80, 64, false, true, "fp32"};

BOOST_AUTO_TEST_CASE(a_correct_result_is_verified_and_timed) {
  const Measurement m = probe_cpu_gemm(kShape, 0.02);
  BOOST_TEST(m.status == ProbeStatus::ok);
  BOOST_TEST(m.verified);
  BOOST_TEST(m.seconds_median > 0);
  BOOST_TEST(m.seconds_min <= m.seconds_median);
  BOOST_TEST(m.seconds_median <= m.seconds_max);
  BOOST_TEST(m.max_relative_error < 1e-5);
}

BOOST_AUTO_TEST_CASE(the_times_reported_are_the_samples_taken) {
  CpuProbeOptions options;
  options.timer = set_timer({2e-3, 1e-3, 4e-3});
  const Measurement m = probe_cpu_gemm(kShape, 0.02, options);
  BOOST_TEST(m.verified);
  BOOST_TEST(m.samples == 3);
  BOOST_TEST(m.seconds_median == 2e-3);
  BOOST_TEST(m.seconds_min == 1e-3);
  BOOST_TEST(m.seconds_max == 4e-3);
  BOOST_TEST(m.scale == 1.0);
}

BOOST_AUTO_TEST_CASE(every_operand_layout_computes_the_right_product) {
  for (const bool a_transposed : {false, true}) {
    for (const bool b_transposed : {false, true}) {
      const GemmShape shape{33, 17, 45, a_transposed, b_transposed, "fp32"};
      const Measurement m = probe_cpu_gemm(shape, 0.01);
      BOOST_TEST_CONTEXT("a_transposed=" << a_transposed << " b_transposed=" << b_transposed) {
        BOOST_TEST(m.verified);
      }
    }
  }
}

// scripts/install-deps installs a system BLAS (libblas3), so its absence is a set-up error here.
BOOST_AUTO_TEST_CASE(the_system_blas_computes_every_operand_layout_correctly) {
  std::string reason;
  BOOST_REQUIRE_MESSAGE(system_blas(reason) != nullptr, reason);
  CpuProbeOptions options;
  options.system_blas = true;
  for (const bool a_transposed : {false, true}) {
    for (const bool b_transposed : {false, true}) {
      const GemmShape shape{33, 17, 45, a_transposed, b_transposed, "fp32"};
      const Measurement m = probe_cpu_gemm(shape, 0.01, options);
      BOOST_TEST_CONTEXT("a_transposed=" << a_transposed << " b_transposed=" << b_transposed) {
        BOOST_TEST(m.verified);
        BOOST_TEST(is_system_blas_library(m.library));
        BOOST_TEST(m.library.find("libblas") != std::string::npos);  // the file that ran is named
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_corrupted_system_blas_result_fails) {
  CpuProbeOptions options;
  options.system_blas = true;
  options.tamper = [](float* c, std::int64_t entries) {
    for (std::int64_t i = 0; i < entries; ++i) c[i] += 0.5f;
  };
  const Measurement m = probe_cpu_gemm(kShape, 0.01, options);
  BOOST_TEST(m.status == ProbeStatus::failed);
  BOOST_TEST(!m.verified);
  BOOST_TEST(m.seconds_median == 0);
}

BOOST_AUTO_TEST_CASE(low_precision_stays_on_onednn_when_the_system_blas_is_asked_for) {
  CpuProbeOptions options;
  options.system_blas = true;
  const Measurement m = probe_cpu_gemm({64, 64, 64, false, true, "bf16"}, 0.01, options);
  BOOST_TEST(m.verified);
  BOOST_TEST(!is_system_blas_library(m.library));
}

BOOST_AUTO_TEST_CASE(a_corrupted_result_fails_and_reports_no_speed) {
  CpuProbeOptions options;
  // A small error everywhere: what a wrong kernel or a wrong layout would produce.
  options.tamper = [](float* c, std::int64_t entries) {
    for (std::int64_t i = 0; i < entries; ++i) c[i] += 0.5f;
  };
  const Measurement m = probe_cpu_gemm(kShape, 0.02, options);
  BOOST_TEST(m.status == ProbeStatus::failed);
  BOOST_TEST(!m.verified);
  BOOST_TEST(m.seconds_median == 0);
  BOOST_TEST(m.flops_per_s() == 0);
  BOOST_TEST(m.reason.find("result check failed at C[") == 0u);
}

BOOST_AUTO_TEST_CASE(a_nan_in_the_result_fails) {
  CpuProbeOptions options;
  options.tamper = [](float* c, std::int64_t entries) {
    for (std::int64_t i = 0; i < entries; ++i) c[i] = NAN;
  };
  BOOST_TEST(probe_cpu_gemm(kShape, 0.02, options).status == ProbeStatus::failed);
}

BOOST_AUTO_TEST_CASE(a_shape_larger_than_the_limits_is_cut_and_scaled_back) {
  CpuProbeOptions options;
  options.limits.max_flops = 2.0 * 64 * 64 * 256;  // forces a cut of the 1024 dimension
  options.limits.min_dimension = 64;
  const GemmShape big{64, 64, 1024, false, false, "fp32"};
  const Measurement m = probe_cpu_gemm(big, 0.02, options);
  BOOST_TEST(m.verified);
  BOOST_TEST(m.probed.k == 256);
  BOOST_TEST(m.scale == 4.0);
  BOOST_TEST(m.shape == big);
}

// A cut shape's times are scaled back by its FLOPs (whether that reproduces the uncut
// time on a real machine is measured side by side by bench/probe-scaling).
BOOST_AUTO_TEST_CASE(a_cut_shapes_times_are_scaled_back_by_its_flops) {
  const GemmShape shape{256, 256, 2048, false, true, "fp32"};
  CpuProbeOptions cut;
  cut.limits.max_flops = shape.flops() / 4;
  cut.limits.min_dimension = 256;
  cut.timer = set_timer({1e-3, 1e-3, 3e-3});
  const Measurement m = probe_cpu_gemm(shape, 0.15, cut);
  BOOST_TEST(m.verified);
  BOOST_TEST(m.scale == shape.flops() / m.probed.flops());
  BOOST_TEST(m.scale == 4.0);
  BOOST_TEST(m.seconds_median == 1e-3 * m.scale);
  BOOST_TEST(m.seconds_max == 3e-3 * m.scale);
}

BOOST_AUTO_TEST_CASE(the_triad_checks_its_result) {
  const BandwidthMeasurement m = probe_triad(1 << 16, 0.01);
  BOOST_TEST(m.status == ProbeStatus::ok);
  BOOST_TEST(m.verified);
  BOOST_TEST(m.bytes_per_s_best >= m.bytes_per_s_median);
}

BOOST_AUTO_TEST_CASE(the_bandwidth_curve_rises_in_working_set_and_checks_each_point) {
  const std::vector<BandwidthMeasurement> curve = probe_bandwidth_curve(0.05);
  BOOST_REQUIRE(curve.size() >= 5u);
  BOOST_TEST(curve.front().working_set_bytes() < (1 << 20));   // within a core's caches
  BOOST_TEST(curve.back().working_set_bytes() >= (64 << 20));  // beyond most last-level caches
  for (std::size_t i = 0; i < curve.size(); ++i) {
    BOOST_TEST(curve[i].verified);
    BOOST_TEST(curve[i].bytes_per_s_median > 0);
    if (i > 0) BOOST_TEST(curve[i].working_set_bytes() == 2 * curve[i - 1].working_set_bytes());
  }
}

BOOST_AUTO_TEST_CASE(unsupported_precisions_are_skipped_with_a_reason) {
  const Measurement m = probe_cpu_gemm({64, 64, 64, false, false, "fp8"}, 0.01);
  BOOST_TEST(m.status == ProbeStatus::skipped);
  BOOST_TEST(!m.verified);
  BOOST_TEST(m.reason == "the CPU probe measures fp32, tf32 (as fp32), bf16 and fp16, not fp8");
}

BOOST_AUTO_TEST_CASE(bf16_runs_as_bf16_and_is_checked) {
  const Measurement m = probe_cpu_gemm({64, 48, 96, false, true, "bf16"}, 0.01);
  BOOST_TEST(m.verified);
  // oneDNN has bf16 kernels from AVX-512 on; below that the probe runs fp32 and says so.
  const std::string isa = onednn_isa();
  if (isa.rfind("avx512", 0) == 0 || isa.rfind("amx", 0) == 0) {
    BOOST_TEST(m.probed.dtype == "bf16");
    BOOST_TEST(m.reason.find("measured fp32") == std::string::npos);
  } else {
    BOOST_TEST(m.probed.dtype == "fp32");
    BOOST_TEST(m.reason.rfind("bf16 has no oneDNN kernel on this CPU: measured fp32", 0) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(bf16_with_a_corrupted_result_fails) {
  CpuProbeOptions options;
  options.tamper = [](float* c, std::int64_t entries) {
    for (std::int64_t i = 0; i < entries; ++i) c[i] *= 1.01f;
  };
  BOOST_TEST(probe_cpu_gemm({64, 48, 96, true, false, "bf16"}, 0.01, options).status == ProbeStatus::failed);
}

BOOST_AUTO_TEST_CASE(precisions_without_a_cpu_kernel_say_what_ran) {
  const Measurement tf32 = probe_cpu_gemm({32, 32, 32, false, false, "tf32"}, 0.01);
  BOOST_TEST(tf32.verified);
  BOOST_TEST(tf32.probed.dtype == "fp32");
  // The note leads the reason (a "noisy" flag may follow it on a busy machine).
  BOOST_TEST(tf32.reason.rfind("CPUs have no tf32: measured fp32", 0) == 0u);
  const Measurement fp16 = probe_cpu_gemm({32, 32, 32, false, false, "fp16"}, 0.01);
  BOOST_TEST(fp16.verified);
  // Native where oneDNN has an fp16 kernel for this CPU; otherwise fp32, and it says so.
  BOOST_TEST((fp16.probed.dtype == "fp16" ||
              fp16.reason.rfind("fp16 has no oneDNN kernel on this CPU: measured fp32", 0) == 0u));
}

BOOST_AUTO_TEST_SUITE_END()
