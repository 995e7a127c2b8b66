// The advice under injected faults, end to end from the model file to the exit code:
// a wrong CPU result or an absurd CPU time stops it with exit 3 and the shape named;
// a GPU that is missing, out of memory or unchecked leaves the advice going without
// that GPU, with the reason; a budget too small for every shape labels the estimates.

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "advisor/cli/advise_command.hpp"
#include "advisor/cli/errors.hpp"
#include "tests/support/fake_gpu.hpp"
#include "tests/support/set_timer.hpp"

using namespace advise;
using advise::testing::FakeGpu;

namespace {

AdviseRequest request_for(const std::string& example) {
  AdviseRequest request;
  request.model_file = std::string(ADVISE_EXAMPLES_DIR) + "/" + example;
  request.catalogs.bundled_dir = ADVISE_BUNDLED_CATALOG_DIR;
  request.catalogs.today = "2026-01-01";
  request.probe.probe_seconds = 0.3;
  request.probe.gpu_probe_seconds = 0.01;
  request.probe.probe_gpu = false;
  return request;
}

// The exit code and message `make_advice` ends with when it throws.
std::pair<int, std::string> failure_of(const AdviseRequest& request) {
  std::ostringstream err;
  try {
    make_advice(request, {});
  } catch (...) {
    const int code = report_failure(std::current_exception(), err);
    return {code, err.str()};
  }
  return {kExitOk, ""};
}


AdviseRequest with_fake_gpu(AdviseRequest request) {
  request.probe.probe_gpu = true;
  request.probe.gpu_backend = ADVISE_FAKE_GPU_BACKEND;
  return request;
}

const Option* find_kind(const Decision& decision, OptionKind kind) {
  for (const Option& option : decision.ranked) {
    if (option.kind == kind) return &option;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fault_paths)

BOOST_AUTO_TEST_CASE(a_wrong_cpu_result_stops_the_advice_with_exit_3) {
  AdviseRequest request = request_for("mlp-mnist.toml");
  request.probe.tamper = [](float* c, std::int64_t entries) {
    for (std::int64_t i = 0; i < entries; ++i) c[i] *= 2.0f;
  };
  const auto [code, message] = failure_of(request);
  BOOST_TEST(code == kExitProbeFailure);
  BOOST_TEST(message.find("advise: probe failed: CPU probe of GEMM ") == 0u, message);
  BOOST_TEST(message.find(" failed: ") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(an_absurd_cpu_time_stops_the_advice_with_exit_3) {
  AdviseRequest request = request_for("mlp-mnist.toml");
  request.probe.timer = advise::testing::set_timer({-0.5, -0.5, -0.5});
  const auto [code, message] = failure_of(request);
  BOOST_TEST(code == kExitProbeFailure);
  BOOST_TEST(message.find("the timer reported an absurd time (-0.5 s a call)") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(shapes_beyond_the_budget_are_estimated_and_labelled) {
  AdviseRequest request = request_for("mlp-mnist.toml");
  request.probe.timer = advise::testing::set_timer({1.0, 1.0, 1.0});
  const Advice advice = make_advice(request, {});
  int estimated = 0;
  for (const Measurement& m : advice.profile.gemms) {
    if (!m.estimated) continue;
    ++estimated;
    BOOST_TEST(m.reason.find("not timed within the probe's budget: estimated from the nearest measured shape") == 0u);
  }
  BOOST_TEST(estimated > 0);
  const Option* cpu = find_kind(advice.decision, OptionKind::this_cpu);
  BOOST_REQUIRE(cpu);
  BOOST_TEST((cpu->step.source == FigureSource::transferred));  // not "measured": some shapes were not
}

BOOST_AUTO_TEST_CASE(a_failed_gpu_discovery_leaves_the_gpu_out_with_its_reason) {
  FakeGpu fake("discover=100");
  const Advice advice = make_advice(with_fake_gpu(request_for("mlp-mnist.toml")), {});
  BOOST_TEST(advice.gpu_unavailable_reason == "no CUDA device");
  BOOST_TEST(!find_kind(advice.decision, OptionKind::this_gpu));
  BOOST_TEST(advice.decision.recommendation.option.has_value());
}

BOOST_AUTO_TEST_CASE(a_gpu_out_of_memory_or_unchecked_makes_its_option_infeasible_not_fast) {
  for (const auto& [settings, reason] : {std::pair{"oom", "out of GPU memory"},
                                         std::pair{"unverified", "did not check"},
                                         std::pair{"seconds=1e-12", "absurd time"}}) {
    FakeGpu fake(settings);
    const Advice advice = make_advice(with_fake_gpu(request_for("mlp-mnist.toml")), {});
    const Option* gpu = find_kind(advice.decision, OptionKind::this_gpu);
    BOOST_REQUIRE(gpu);
    BOOST_TEST(!gpu->feasible, settings);
    BOOST_TEST(gpu->infeasible_reason.find(reason) != std::string::npos, gpu->infeasible_reason);
    BOOST_TEST(advice.decision.recommendation.option.has_value());
  }
}

BOOST_AUTO_TEST_CASE(a_healthy_fake_gpu_is_measured_and_can_be_chosen) {
  FakeGpu fake("");
  const Advice advice = make_advice(with_fake_gpu(request_for("mlp-mnist.toml")), {});
  const Option* gpu = find_kind(advice.decision, OptionKind::this_gpu);
  BOOST_REQUIRE(gpu);
  BOOST_TEST(gpu->feasible);
  BOOST_TEST((gpu->step.source == FigureSource::measured));
}

BOOST_AUTO_TEST_CASE(every_failure_kind_has_its_exit_code_and_prefix) {
  const auto code_of = [](auto error) {
    std::ostringstream err;
    const int code = report_failure(std::make_exception_ptr(error), err);
    return std::pair{code, err.str()};
  };
  BOOST_TEST(code_of(ProbeError("x")).first == 3);
  BOOST_TEST(code_of(ProbeError("x")).second == "advise: probe failed: x\n");
  BOOST_TEST(code_of(UsageError("y")).first == 2);
  BOOST_TEST(code_of(UsageError("y")).second == "advise: error: y\n");
  BOOST_TEST(code_of(std::runtime_error("z")).first == 1);
  BOOST_TEST(code_of(std::runtime_error("z")).second == "advise: internal error: z\n");
}

BOOST_AUTO_TEST_SUITE_END()
