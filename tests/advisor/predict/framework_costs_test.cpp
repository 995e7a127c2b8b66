// The framework's own time on a CPU: what is counted per layer kind, and what it adds to a step.

#include <boost/test/unit_test.hpp>

#include "advisor/predict/framework_costs.hpp"
#include "advisor/predict/cpu_bandwidth.hpp"
#include "advisor/predict/cloud_cpu.hpp"
#include "advisor/predict/gpu_step.hpp"
#include "advisor/predict/this_cpu.hpp"
#include "tests/support/invented_gemms.hpp"
#include "tests/support/invented_model.hpp"
#include "tests/support/traffic_bytes.hpp"

using namespace advise;
using advise::testing::model_of;
using advise::testing::all_bytes;
using advise::testing::bytes_of_kind;
namespace tt = boost::test_tools;

namespace {

LayerDescription layer(const std::string& kind) {
  LayerDescription description;
  description.kind = kind;
  description.name = "layer";
  return description;
}

// A small CNN and a small LSTM model: between them they cover every counted kind.
ModelDescription cnn() {
  LayerDescription conv = layer("conv2d");
  conv.in_channels = 3;
  conv.out_channels = 4;
  conv.kernel = 3;
  conv.padding = 1;
  conv.input_height = conv.input_width = 8;
  conv.activation = "relu";
  LayerDescription norm = layer("norm");
  norm.function = "batch";
  LayerDescription pool = layer("pool");
  pool.function = "max";
  pool.kernel = 2;
  pool.stride = 2;
  LayerDescription dense = layer("dense");
  dense.inputs = 4 * 4 * 4;
  dense.outputs = 10;
  return model_of("cnn", 8, "momentum", {conv, norm, pool, dense});
}

ModelDescription lstm_model(bool bidirectional) {
  LayerDescription lstm = layer("lstm");
  lstm.inputs = 6;
  lstm.hidden = 5;
  lstm.seq_len = 7;
  lstm.bidirectional = bidirectional;
  LayerDescription pool = layer("pool");
  pool.function = "mean";
  LayerDescription dense = layer("dense");
  dense.inputs = bidirectional ? 10 : 5;
  dense.outputs = 3;
  dense.bias = false;
  return model_of("lstm", 4, "adam", {lstm, pool, dense});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cpu_framework)

BOOST_AUTO_TEST_CASE(layers_are_counted_by_kind_with_their_parameter_tensors) {
  const Workload w = build_workload(cnn());
  const FrameworkCalls& calls = w.framework_calls;
  BOOST_TEST(calls.conv2d == 1);
  BOOST_TEST(calls.activation == 1);  // the conv's ReLU
  BOOST_TEST(calls.batch_norm == 1);
  BOOST_TEST(calls.pool == 1);
  BOOST_TEST(calls.dense == 1);
  BOOST_TEST(calls.parameter_tensors == 2 + 2 + 2);  // conv and dense weights and biases, norm scale and shift
  BOOST_TEST(calls.pooled_elements == 8.0 * 4 * 8 * 8);  // the pool's whole input
  BOOST_TEST(w.optimizer == "momentum");
}

BOOST_AUTO_TEST_CASE(an_lstm_counts_its_time_steps_per_direction) {
  const FrameworkCalls one = build_workload(lstm_model(false)).framework_calls;
  BOOST_TEST(one.lstm == 1);
  BOOST_TEST(one.lstm_step == 7);
  BOOST_TEST(one.sequence_pool == 1);
  BOOST_TEST(one.parameter_tensors == 4 + 1);
  BOOST_TEST(one.lstm_gate_elements == 4.0 * 4 * 7 * 5);  // four gates per cell: batch 4, 7 steps, hidden 5
  const FrameworkCalls two = build_workload(lstm_model(true)).framework_calls;
  BOOST_TEST(two.lstm == 2);
  BOOST_TEST(two.lstm_step == 14);
  BOOST_TEST(two.parameter_tensors == 8 + 1);
}

BOOST_AUTO_TEST_CASE(the_time_is_each_count_at_its_measured_cost) {
  const Workload w = build_workload(lstm_model(false));
  CpuFrameworkCosts costs;
  costs.lstm = 1e-3;
  costs.lstm_step = 1e-4;
  costs.sequence_pool = 1e-5;
  costs.dense = 1e-6;
  costs.optimizer_adam = 1e-7;
  costs.optimizer_sgd = 5;  // not this model's optimizer
  costs.optimizer_adam_call = 1e-9;
  costs.optimizer_sgd_call = 7;  // nor is this
  costs.step = 1e-8;
  BOOST_TEST(cpu_framework_seconds(w, costs) == 1e-3 + 7 * 1e-4 + 1e-5 + 1e-6 + 5 * 1e-7 + 1e-9 + 1e-8,
             tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(pooling_runs_at_its_measured_rate) {
  const Workload w = build_workload(cnn());
  CpuFrameworkCosts costs;
  costs.pool_elements_per_second = 1e6;
  BOOST_TEST(cpu_framework_seconds(w, costs) == 8.0 * 4 * 8 * 8 / 1e6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_measured_rate_replaces_the_memory_traffic_it_covers) {
  const Workload w = build_workload(lstm_model(false));
  const auto cell_bytes_in = [](const std::vector<MemoryTraffic>& traffic) {
    return bytes_of_kind(traffic, TrafficKind::lstm_cell);
  };
  const double cell_bytes = cell_bytes_in(w.memory_traffic);
  BOOST_TEST(cell_bytes > 0);
  CpuFrameworkCosts costs;
  BOOST_TEST(cell_bytes_in(cpu_memory_traffic(w, costs)) == cell_bytes);
  costs.lstm_gate_elements_per_second = 1e6;
  BOOST_TEST(cell_bytes_in(cpu_memory_traffic(w, costs)) == 0);
  BOOST_TEST(all_bytes(cpu_memory_traffic(w, costs)) == w.memory_bound_bytes - cell_bytes, tt::tolerance(1e-12));
  BOOST_TEST(cpu_framework_seconds(w, costs) == 4.0 * 4 * 7 * 5 / 1e6, tt::tolerance(1e-12));
}

namespace {

// Two copies of a transformer block (d_model 16, 4 heads, FFN 32) on 10 positions: batch 3.
ModelDescription encoder_model() {
  LayerDescription encoder = layer("transformer");
  encoder.d_model = 16;
  encoder.heads = 4;
  encoder.ffn = 32;
  encoder.seq_len = 10;
  encoder.repeat = 2;
  return model_of("encoder", 3, "adam", {encoder});
}

// Two dense layers with gelu and relu, then a tanh activation layer: batch 4.
ModelDescription activation_model() {
  LayerDescription first = layer("dense");
  first.inputs = 8;
  first.outputs = 16;
  first.activation = "gelu";
  LayerDescription second = layer("dense");
  second.inputs = 16;
  second.outputs = 6;
  second.activation = "relu";
  LayerDescription squash = layer("activation");
  squash.function = "tanh";
  return model_of("activations", 4, "sgd", {first, second, squash});
}

}  // namespace

BOOST_AUTO_TEST_CASE(transcendental_activations_run_at_their_measured_rates) {
  const Workload w = build_workload(activation_model());
  // relu stays memory traffic: only gelu's and tanh's elements are counted.
  BOOST_TEST(w.framework_calls.activation_elements.size() == 2u);
  BOOST_TEST(w.framework_calls.activation_elements.at("gelu") == 4.0 * 16);
  BOOST_TEST(w.framework_calls.activation_elements.at("tanh") == 4.0 * 6);
  CpuFrameworkCosts costs;
  costs.activation_elements_per_second = {{"gelu", 1e6}, {"tanh", 2e6}, {"sigmoid", 3e6}};
  // Not all four rates: the traffic counts, the rates do not.
  BOOST_TEST(!costs.models_activation_math());
  BOOST_TEST(bytes_of_kind(cpu_memory_traffic(w, costs), TrafficKind::activation_math) == (4.0 * 16 + 4.0 * 6) * 4 * 5, tt::tolerance(1e-12));
  BOOST_TEST(cpu_framework_seconds(w, costs) == 0.0);
  costs.activation_elements_per_second["silu"] = 4e6;
  BOOST_TEST(costs.models_activation_math());
  BOOST_TEST(bytes_of_kind(cpu_memory_traffic(w, costs), TrafficKind::activation_math) == 0.0);
  BOOST_TEST(cpu_framework_seconds(w, costs) == 4.0 * 16 / 1e6 + 4.0 * 6 / 2e6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(attention_head_reshapes_run_at_their_measured_rate) {
  const Workload w = build_workload(encoder_model());
  BOOST_TEST(w.framework_calls.attention_elements == 2.0 * 3 * 10 * 16);  // both copies' tokens x features
  CpuFrameworkCosts costs;
  BOOST_TEST(bytes_of_kind(cpu_memory_traffic(w, costs), TrafficKind::attention_reshape) == 2.0 * 4 * 3 * 10 * 16 * 4 * 4, tt::tolerance(1e-12));
  const double gelu_seconds = 2.0 * 3 * 10 * 32 / 1e9;
  costs.activation_elements_per_second = {{"gelu", 1e9}, {"tanh", 1e9}, {"sigmoid", 1e9}, {"silu", 1e9}};
  BOOST_TEST(cpu_framework_seconds(w, costs) == gelu_seconds, tt::tolerance(1e-12));
  costs.attention_reshape_elements_per_second = 1e6;
  BOOST_TEST(bytes_of_kind(cpu_memory_traffic(w, costs), TrafficKind::attention_reshape) == 0.0);
  BOOST_TEST(cpu_framework_seconds(w, costs) == gelu_seconds + 2.0 * 3 * 10 * 16 / 1e6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(the_loss_runs_at_its_measured_rate) {
  const Workload w = build_workload(activation_model());  // 6 classes, batch 4
  BOOST_TEST(w.framework_calls.normalized_elements.at("cross_entropy") == 4.0 * 6);
  BOOST_TEST(w.framework_calls.largest_tensor.at("cross_entropy") == 4.0 * 6);
  CpuFrameworkCosts costs;
  BOOST_TEST(bytes_of_kind(cpu_memory_traffic(w, costs), TrafficKind::cross_entropy) > 0.0);
  costs.softmax_elements_per_second = 1e6;  // attention's softmax is another kind
  BOOST_TEST(bytes_of_kind(cpu_memory_traffic(w, costs), TrafficKind::cross_entropy) > 0.0);
  costs.cross_entropy_elements_per_second = 2e6;
  BOOST_TEST(bytes_of_kind(cpu_memory_traffic(w, costs), TrafficKind::cross_entropy) == 0.0);
  BOOST_TEST(cpu_framework_seconds(w, costs) == 4.0 * 6 / 2e6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(mixed_precision_casts_are_counted_and_priced) {
  ModelDescription model = activation_model();
  BOOST_TEST(build_workload(model).framework_calls.casts == 0);  // fp32: nothing to cast
  model.training.precision = "bf16";
  const Workload w = build_workload(model);
  // Each dense layer's weights and biases (8x16 + 16, 16x6 + 6) and the logits into the fp32 loss (4x6).
  BOOST_TEST(w.framework_calls.casts == 5);
  BOOST_TEST(w.framework_calls.cast_elements == 8.0 * 16 + 16 + 16.0 * 6 + 6 + 4.0 * 6);
  BOOST_TEST(w.framework_calls.largest_tensor.at("cast") == 8.0 * 16);
  CpuFrameworkCosts costs;
  BOOST_TEST(cpu_framework_seconds(w, costs) == 0.0);  // not modelled without the costs
  costs.cast = 1e-6;
  costs.cast_elements_per_second = 1e8;
  BOOST_TEST(cpu_framework_seconds(w, costs) == 5e-6 + (8.0 * 16 + 16 + 16.0 * 6 + 6 + 4.0 * 6) / 1e8,
             tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_mixed_precision_transformer_casts_its_weights_and_fp32_inputs) {
  ModelDescription model = encoder_model();
  model.training.precision = "bf16";
  const FrameworkCalls calls = build_workload(model).framework_calls;
  // Per block: four weights, four biases, the Q/K/V and FFN inputs and two residual gradients;
  // then the logits (3 x 10 x 16) into the loss.
  const double tokens = 3 * 10, block = 4 * 16 * 16 + 2 * 16 * 32 + 5 * 16 + 32 + 4 * tokens * 16;
  BOOST_TEST(calls.casts == 2 * 12 + 1);
  BOOST_TEST(calls.cast_elements == 2 * block + tokens * 16);
}

BOOST_AUTO_TEST_CASE(the_framework_time_adds_to_the_measured_arithmetic_on_this_cpu) {
  Workload w = build_workload(lstm_model(false));
  MachineProfile profile;
  profile.bandwidth.bytes_per_s_median = profile.bandwidth.bytes_per_s_best = 1e12;
  advise::testing::add_invented_gemms(profile, w, 1e-3);
  CpuFrameworkCosts costs;
  costs.step = 0.5;
  const StepEstimate without = predict_this_cpu(w, profile, CpuFrameworkCosts{});
  const StepEstimate with = predict_this_cpu(w, profile, costs);
  BOOST_TEST(without.overhead_seconds == 0.0);
  BOOST_TEST(with.overhead_seconds == 0.5);
  BOOST_TEST(with.seconds == without.seconds + 0.5, tt::tolerance(1e-12));
  BOOST_TEST(with.low < with.seconds);
  BOOST_TEST(with.high > with.seconds);
}

BOOST_AUTO_TEST_CASE(the_costs_scale_with_this_cpus_dispatch_speed) {
  CpuFacts cpu;
  CpuFrameworkCosts costs;
  BOOST_TEST(framework_speed_ratio(cpu, costs) == 1.0);  // neither measured
  cpu.dispatch_seconds = 60e-9;
  BOOST_TEST(framework_speed_ratio(cpu, costs) == 1.0);  // costs without a reference
  costs.reference_dispatch_seconds = 30e-9;
  BOOST_TEST(framework_speed_ratio(cpu, costs) == 2.0);  // this CPU takes twice as long

  const Workload w = build_workload(lstm_model(false));
  MachineProfile profile;
  profile.cpu = cpu;
  profile.bandwidth.bytes_per_s_median = profile.bandwidth.bytes_per_s_best = 1e12;
  advise::testing::add_invented_gemms(profile, w, 1e-3);
  costs.step = 0.5;
  BOOST_TEST(predict_this_cpu(w, profile, costs).overhead_seconds == 1.0);
  BOOST_TEST(predict_this_cpu(w, profile, costs).note.find("unscaled") == std::string::npos);
}

// A dispatch probe that gave no figure leaves the reference CPU's costs as they are: said, not silent.
BOOST_AUTO_TEST_CASE(costs_left_unscaled_say_so) {
  CpuFrameworkCosts costs;
  costs.reference_dispatch_seconds = 30e-9;
  costs.step = 0.5;
  CpuFacts cpu;  // dispatch_seconds 0: the probe failed
  BOOST_TEST(framework_speed_ratio(cpu, costs) == 1.0);
  BOOST_TEST(unscaled_framework_note(cpu, costs) ==
             "the dispatch probe gave no figure here, so the framework's own costs are the reference CPU's, unscaled");
  const Workload w = build_workload(lstm_model(false));
  MachineProfile profile;
  profile.cpu = cpu;
  profile.bandwidth.bytes_per_s_median = profile.bandwidth.bytes_per_s_best = 1e12;
  advise::testing::add_invented_gemms(profile, w, 1e-3);
  BOOST_TEST(predict_this_cpu(w, profile, costs).note.find("unscaled") != std::string::npos);
  cpu.dispatch_seconds = 40e-9;
  BOOST_TEST(unscaled_framework_note(cpu, costs).empty());
}

BOOST_AUTO_TEST_SUITE_END()
