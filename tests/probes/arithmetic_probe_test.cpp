#include <boost/test/unit_test.hpp>

#include "probes/arithmetic_probe.hpp"
#include "probes/cpu_probe.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(arithmetic_probe)

BOOST_AUTO_TEST_CASE(a_tensor_below_the_frameworks_grain_runs_on_one_thread) {
  BOOST_TEST(arithmetic_threads({"gelu", 32767}, 8) == 1);
  BOOST_TEST(arithmetic_threads({"gelu", 32768}, 8) == 8);
  BOOST_TEST(arithmetic_threads({"softmax", 320}, 2) == 1);  // a loss over batch 32, 10 classes
  // An LSTM cell's framework calls touch one gate each: a quarter of the request.
  BOOST_TEST(arithmetic_threads({"lstm_gate", 4 * 25600}, 8) == 1);  // char-rnn: batch 50, hidden 512
  BOOST_TEST(arithmetic_threads({"lstm_gate", 4 * 32768}, 8) == 8);
}

BOOST_AUTO_TEST_CASE(the_probe_leaves_the_thread_count_as_it_found_it) {
  const int before = set_cpu_threads(0);
  probe_arithmetic({"tanh", 1000}, 0.005);
  BOOST_TEST(set_cpu_threads(0) == before);
}

BOOST_AUTO_TEST_CASE(every_kind_computes_a_checked_result_and_reports_a_rate) {
  for (const std::string& kind : arithmetic_kinds()) {
    BOOST_TEST_CONTEXT(kind) {
      const ArithmeticMeasurement m = probe_arithmetic({kind, 100000}, 0.01);
      BOOST_TEST(m.status == ProbeStatus::ok, m.reason);
      BOOST_TEST(m.verified);
      BOOST_TEST(m.samples >= 3);
      BOOST_TEST(m.elements_per_second > 0);
      BOOST_TEST(m.max_relative_error < 2e-3);
      BOOST_TEST(m.probed_elements > 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_result_is_refused_for_every_kind) {
  ArithmeticProbeOptions options;
  options.spoil_result = true;
  for (const std::string& kind : arithmetic_kinds()) {
    BOOST_TEST_CONTEXT(kind) {
      const ArithmeticMeasurement m = probe_arithmetic({kind, 40000}, 0.005, options);
      BOOST_TEST(m.status == ProbeStatus::failed);
      BOOST_TEST(!m.verified);
      BOOST_TEST(m.elements_per_second == 0);
      BOOST_TEST(m.reason.find("wrong result") != std::string::npos, m.reason);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_time_that_is_not_a_time_is_refused) {
  ArithmeticProbeOptions options;
  options.timer = [](const std::function<void()>& work, const TimingPlan&) {
    work();
    SteadyTiming timing;
    timing.samples = {0, 0, 0};
    timing.summary = summarize(timing.samples);
    return timing;
  };
  const ArithmeticMeasurement m = probe_arithmetic({"gelu", 40000}, 0.005, options);
  BOOST_TEST(m.status == ProbeStatus::failed);
  BOOST_TEST(m.reason.find("no usable time") != std::string::npos, m.reason);
}

BOOST_AUTO_TEST_CASE(unknown_kinds_and_empty_tensors_are_refused_not_thrown) {
  BOOST_TEST(probe_arithmetic({"softsign", 1000}, 0.005).reason == "no arithmetic probe for softsign");
  BOOST_TEST(probe_arithmetic({"gelu", 0}, 0.005).status == ProbeStatus::failed);
}

BOOST_AUTO_TEST_CASE(tensors_are_run_between_the_floor_and_the_memory_limit) {
  ArithmeticProbeOptions options;
  options.max_bytes = 1 << 20;
  BOOST_TEST(plan_arithmetic_elements("gelu", 10, options) == options.min_elements);
  BOOST_TEST(plan_arithmetic_elements("gelu", 50000, options) == 50000);
  BOOST_TEST(plan_arithmetic_elements("gelu", 1LL << 40, options) == (1 << 20) / 16);
  BOOST_TEST(plan_arithmetic_elements("lstm_gate", 1LL << 40, options) == (1 << 20) / 64);
  options.max_bytes = 64;  // below the floor too: the limit wins
  BOOST_TEST(plan_arithmetic_elements("gelu", 1000, options) == 4);
}

BOOST_AUTO_TEST_CASE(runs_report_the_size_they_actually_ran) {
  // A pool runs whole 28x28 planes (64 channels an image), attention whole 64-position, 8-head sequences, an LSTM cell whole hidden values.
  BOOST_TEST(probe_arithmetic({"pool", 100000}, 0.005).probed_elements == 2 * 64 * 784);
  BOOST_TEST(probe_arithmetic({"attention_reshape", 100000}, 0.005).probed_elements == 3 * 32768);
  BOOST_TEST(probe_arithmetic({"lstm_gate", 40002}, 0.005).probed_elements == 40000);
  BOOST_TEST(probe_arithmetic({"cross_entropy", 100000}, 0.005).probed_elements == 97 * 1024);  // whole rows of classes
}

BOOST_AUTO_TEST_SUITE_END()
