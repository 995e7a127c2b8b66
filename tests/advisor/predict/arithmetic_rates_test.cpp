// The framework's arithmetic rates on this CPU and on cloud CPUs: carried by the arithmetic
// probe where it measured the kind, by the dispatch probe where it did not.

#include <boost/test/unit_test.hpp>

#include "advisor/predict/arithmetic_rates.hpp"
#include "advisor/predict/cloud_cpu.hpp"
#include "advisor/predict/cpu_bandwidth.hpp"
#include "advisor/predict/this_cpu.hpp"
#include "tests/support/invented_gemms.hpp"
#include "tests/support/invented_model.hpp"

using namespace advise;
using advise::testing::model_of;
namespace tt = boost::test_tools;

namespace {

// One dense layer of 4096 outputs with a gelu, batch `batch`.
Workload gelu_workload(std::int64_t batch) {
  LayerDescription dense;
  dense.kind = "dense";
  dense.name = "ffn";
  dense.inputs = 64;
  dense.outputs = 4096;
  dense.activation = "gelu";
  return build_workload(model_of("gelu", batch, "sgd", {dense}));
}

ArithmeticMeasurement measured(const std::string& kind, std::int64_t elements, double rate) {
  ArithmeticMeasurement m;
  m.request = {kind, elements};
  m.probed_elements = elements;
  m.elements_per_second = rate;
  m.status = ProbeStatus::ok;
  m.verified = true;
  return m;
}

CpuFrameworkCosts gelu_costs() {
  CpuFrameworkCosts costs;
  costs.activation_elements_per_second = {{"gelu", 500e6}, {"tanh", 1e9}, {"sigmoid", 1e9}, {"silu", 1e9}};
  costs.reference_arithmetic = {{"gelu", 1000e6}};
  costs.reference_dispatch_seconds = 50e-9;
  return costs;
}

MachineProfile profile_for(const Workload& w) {
  MachineProfile profile;
  profile.cpu.dispatch_seconds = 100e-9;  // per-call work twice as slow as the reference's
  profile.cpu.cores = profile.cpu.threads = profile.cpu.threads_used = 4;
  profile.cpu.fp32_flops_per_cycle_per_core = 32;
  profile.cpu.clock_hz = profile.cpu.all_core_clock_hz = 3e9;
  profile.cpu.peak_flops["fp32"] = 4 * 32 * 3e9;
  profile.bandwidth.bytes_per_s_median = profile.bandwidth.bytes_per_s_best = 1e12;
  advise::testing::add_invented_gemms(profile, w, 1e-3);
  return profile;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(arithmetic_rates)

BOOST_AUTO_TEST_CASE(the_workload_asks_for_each_kind_at_its_largest_tensor) {
  const Workload w = gelu_workload(8);
  BOOST_TEST(w.framework_calls.largest_tensor.at("gelu") == 8.0 * 4096);
  const std::vector<ArithmeticRequest> requests = arithmetic_requests(w);
  BOOST_TEST(requests.size() == 2u);  // the loss over the 4096 outputs, and the gelu
  BOOST_TEST((requests[0] == ArithmeticRequest{"cross_entropy", 8 * 4096}));
  BOOST_TEST((requests[1] == ArithmeticRequest{"gelu", 8 * 4096}));
}

BOOST_AUTO_TEST_CASE(a_measured_kind_is_carried_by_the_probe_ratio_not_the_dispatch_ratio) {
  const Workload w = gelu_workload(8);
  MachineProfile profile = profile_for(w);
  profile.arithmetic = {measured("gelu", 8 * 4096, 2000e6)};  // twice the reference machine's probe rate
  const CarriedRates carried = carry_arithmetic_rates(gelu_costs(), profile, w);
  BOOST_TEST(carried.costs.activation_elements_per_second.at("gelu") == 1000e6, tt::tolerance(1e-12));
  // The model runs no tanh: its rate is neither carried nor counted.
  BOOST_TEST(carried.costs.activation_elements_per_second.at("tanh") == 1e9, tt::tolerance(1e-12));
  BOOST_TEST(carried.measured == 1);
  BOOST_TEST(carried.scaled == 0);
  BOOST_TEST(carried.note() == "arithmetic rates measured here (oneDNN)");
  // This CPU's step: the gelu's elements at the carried rate, not scaled again.
  const StepEstimate step = predict_this_cpu(w, profile, gelu_costs());
  BOOST_TEST(step.overhead_seconds == 8.0 * 4096 / 1000e6, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(without_a_measurement_every_rate_is_scaled_by_the_dispatch_probe_and_said_so) {
  const Workload w = gelu_workload(8);
  MachineProfile profile = profile_for(w);  // older probe results: no arithmetic
  const CarriedRates carried = carry_arithmetic_rates(gelu_costs(), profile, w);
  // The dispatch probe's ratio (twice as slow as the reference) halves it.
  BOOST_TEST(carried.costs.activation_elements_per_second.at("gelu") == 250e6, tt::tolerance(1e-12));
  BOOST_TEST(carried.measured == 0);
  BOOST_TEST(carried.scaled == 1);
  profile.arithmetic = {measured("tanh", 8 * 4096, 1e9)};  // another kind only: gelu still scaled
  BOOST_TEST(carry_arithmetic_rates(gelu_costs(), profile, w).scaled == 1);
  BOOST_TEST(carried.note().find("from the reference CPU, scaled by the dispatch probe") != std::string::npos);
  BOOST_TEST(predict_this_cpu(w, profile, gelu_costs()).note.find("scaled by the dispatch probe") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(without_rates_nothing_is_said) {
  const Workload w = gelu_workload(8);
  MachineProfile profile = profile_for(w);
  profile.arithmetic = {measured("gelu", 8 * 4096, 1000e6)};
  BOOST_TEST(carry_arithmetic_rates(CpuFrameworkCosts{}, profile, w).note().empty());
}

// Norms and attention's softmax: counted by kind, at their rate instead of their memory traffic.
BOOST_AUTO_TEST_CASE(norms_and_softmax_run_at_their_rates_in_place_of_their_traffic) {
  LayerDescription encoder;
  encoder.kind = "transformer";
  encoder.name = "encoder";
  encoder.d_model = 16;
  encoder.heads = 4;
  encoder.ffn = 32;
  encoder.seq_len = 10;
  LayerDescription norm;
  norm.kind = "norm";
  norm.name = "final";
  norm.function = "layer";
  const Workload w = build_workload(model_of("encoder", 3, "adam", {encoder, norm}));
  const FrameworkCalls& calls = w.framework_calls;
  BOOST_TEST(calls.normalized_elements.at("layer_norm") == 3.0 * 10 * 16 * 3);  // the block's two and the final one
  // Attention's scores (batch x heads x positions²); the loss's logits (batch x positions x features) are its own kind.
  BOOST_TEST(calls.normalized_elements.at("softmax") == 3.0 * 4 * 10 * 10);
  BOOST_TEST(calls.normalized_elements.at("cross_entropy") == 3.0 * 10 * 16);
  BOOST_TEST(calls.largest_tensor.at("layer_norm") == 3.0 * 10 * 16);
  CpuFrameworkCosts costs;
  const auto traffic_of = [&](TrafficKind kind) {
    double bytes = 0;
    for (const MemoryTraffic& t : cpu_memory_traffic(w, costs)) bytes += t.kind == kind ? t.bytes : 0;
    return bytes;
  };
  BOOST_TEST(traffic_of(TrafficKind::layer_norm) > 0);
  BOOST_TEST(traffic_of(TrafficKind::softmax) > 0);
  costs.layer_norm_elements_per_second = 1e6;
  costs.softmax_elements_per_second = 2e6;
  costs.cross_entropy_elements_per_second = 4e6;
  BOOST_TEST(traffic_of(TrafficKind::layer_norm) == 0);
  BOOST_TEST(traffic_of(TrafficKind::softmax) == 0);
  BOOST_TEST(cpu_framework_seconds(w, costs) ==
                 3.0 * 10 * 16 * 3 / 1e6 + 3.0 * 4 * 10 * 10 / 2e6 + 3.0 * 10 * 16 / 4e6,
             tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_batch_norm_counts_its_whole_input) {
  LayerDescription conv;
  conv.kind = "conv2d";
  conv.name = "conv";
  conv.in_channels = 3;
  conv.out_channels = 4;
  conv.kernel = 3;
  conv.padding = 1;
  conv.input_height = conv.input_width = 8;
  LayerDescription norm;
  norm.kind = "norm";
  norm.name = "bn";
  norm.function = "batch";
  const FrameworkCalls calls = build_workload(model_of("bn", 8, "sgd", {conv, norm})).framework_calls;
  BOOST_TEST(calls.normalized_elements.at("batch_norm") == 8.0 * 4 * 8 * 8);
  BOOST_TEST(calls.largest_tensor.at("batch_norm") == 8.0 * 4 * 8 * 8);
  BOOST_TEST(calls.batch_norm == 1);
}

BOOST_AUTO_TEST_CASE(a_call_uses_one_core_per_chunk_of_elements) {
  BOOST_TEST(arithmetic_cores(100, 64) == 1.0);
  BOOST_TEST(arithmetic_cores(4 * kElementsPerThreadChunk, 64) == 4.0);
  BOOST_TEST(arithmetic_cores(1e9, 64) == 64.0);
  BOOST_TEST(arithmetic_cores(1e9, 0) == 1.0);
}

// On a cloud CPU the arithmetic scales with usable cores x FLOPs per cycle x all-core clock; a
// small tensor gains nothing from more cores.
BOOST_AUTO_TEST_CASE(cloud_cpus_scale_arithmetic_by_cores_vector_width_and_clock) {
  CpuSpec cpu;
  cpu.fp32_flops_per_cycle_per_core = 64;  // twice here's
  cpu.all_core_clock_hz = 3e9;
  cpu.socket_bandwidth_bytes_per_s = 1e12;
  cpu.threads_per_core = 2;
  const CpuFrameworkCosts costs = gelu_costs();  // the model has only gelu's elements
  for (const std::int64_t batch : {std::int64_t{4}, std::int64_t{256}}) {
    BOOST_TEST_CONTEXT("batch " << batch) {
      const Workload w = gelu_workload(batch);
      MachineProfile profile = profile_for(w);
      profile.arithmetic = {measured("gelu", batch * 4096, 1000e6)};
      const double here = predict_this_cpu(w, profile, costs).overhead_seconds;
      const double elements = static_cast<double>(batch) * 4096;
      BOOST_TEST(here == elements / 500e6, tt::tolerance(1e-9));
      const double there = predict_cloud_cpu(w, profile, cpu, 32, costs).overhead_seconds;  // 16 cores
      const double core_gain = arithmetic_cores(elements, 16) / arithmetic_cores(elements, 4);
      BOOST_TEST(there == here / (2 * core_gain), tt::tolerance(1e-9));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
