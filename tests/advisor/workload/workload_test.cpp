// Parameter and FLOP counts of small MLPs, computed by hand.
// Convention: 2 FLOPs per multiply-add; a training step is forward, the input
// gradient dX (not for the model's first layer) and the weight gradient dW.

#include <boost/test/unit_test.hpp>

#include "advisor/workload/workload.hpp"
#include "tests/support/invented_model.hpp"

using namespace advise;
namespace tt = boost::test_tools;

namespace {

ModelDescription mlp(std::int64_t batch, const std::string& optimizer, std::vector<LayerDescription> layers) {
  ModelDescription model;
  model.name = "test";
  model.file = "test.toml";
  model.training = {batch, batch * 10, 2, "fp32", optimizer};
  model.layers = std::move(layers);
  return model;
}

LayerDescription dense(std::int64_t in, std::int64_t out, const std::string& activation = "", bool bias = true,
                       std::int64_t repeat = 1) {
  LayerDescription layer = advise::testing::dense_layer("", in, out);
  layer.activation = activation;
  layer.bias = bias;
  layer.repeat = repeat;
  return layer;
}

double loss_bytes(const Workload& workload) {
  double bytes = 0;
  for (const MemoryTraffic& entry : workload.memory_traffic) {
    if (entry.kind == TrafficKind::cross_entropy) bytes += entry.bytes;
  }
  return bytes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(workload)

BOOST_AUTO_TEST_CASE(the_loss_moves_nine_accesses_per_logit_and_autocast_adds_its_two_casts) {
  ModelDescription model = mlp(128, "sgd", {dense(512, 10)});
  const double logits = 128 * 10;
  BOOST_TEST(loss_bytes(build_workload(model)) == logits * 9 * 4);  // fp32
  model.training.half_precision_loss = true;                        // no effect outside mixed precision
  BOOST_TEST(loss_bytes(build_workload(model)) == logits * 9 * 4);
  model.training.precision = "bf16";
  model.training.half_precision_loss = false;  // autocast: fp32 loss on logits cast up, gradient cast down
  BOOST_TEST(loss_bytes(build_workload(model)) == logits * (9 * 4 + (2 + 4) + (4 + 2)));
  BOOST_TEST(build_workload(model).framework_calls.cast_elements > logits);  // the weights' casts and the logits'
  model.training.half_precision_loss = true;  // a half model: the loss reads and writes 16-bit logits
  BOOST_TEST(loss_bytes(build_workload(model)) == logits * 9 * 2);
}

// GNMT's loss: log_softmax(x, dtype=float32) on the half model's logits, then the likelihood and
// the mean over every class score (label smoothing written out).
BOOST_AUTO_TEST_CASE(label_smoothing_adds_five_fp32_accesses_and_a_fused_upcast_reads_16_bit_logits) {
  ModelDescription model = mlp(128, "sgd", {dense(512, 10)});
  const double logits = 128 * 10;
  model.training.label_smoothing = true;
  const Workload fp32 = build_workload(model);
  BOOST_TEST(loss_bytes(fp32) == logits * (9 + 5) * 4);
  BOOST_TEST(fp32.framework_calls.normalized_elements.at("cross_entropy") == logits * 14 / 9, tt::tolerance(1e-12));
  model.training.fused_loss_upcast = true;  // no effect outside mixed precision
  BOOST_TEST(loss_bytes(build_workload(model)) == logits * (9 + 5) * 4);
  model.training.precision = "fp16";
  model.training.label_smoothing = false;
  // The three reads of the logits and the write of their gradient in 16 bits, the rest in fp32;
  // no separate casts of the logits.
  const Workload fused = build_workload(model);
  BOOST_TEST(loss_bytes(fused) == logits * (4 * 2 + 5 * 4));
  model.training.fused_loss_upcast = false;
  BOOST_TEST(build_workload(model).framework_calls.cast_elements > fused.framework_calls.cast_elements);
  model.training.fused_loss_upcast = true;
  model.training.label_smoothing = true;
  BOOST_TEST(loss_bytes(build_workload(model)) == logits * (4 * 2 + 10 * 4));
  BOOST_TEST(build_workload(model).kernels_per_step == fused.kernels_per_step + 3);  // mean, its gradient, the sum
}

BOOST_AUTO_TEST_CASE(mnist_mlp_784_512_512_10) {
  const Workload w = build_workload(mlp(128, "adam", {dense(784, 512, "relu"), dense(512, 512, "relu"), dense(512, 10)}));
  // 784·512+512 + 512·512+512 + 512·10+10
  BOOST_TEST(w.parameters == 401'920 + 262'656 + 5'130);
  BOOST_TEST(w.parameters == 669'706);
  // forward: 2·128·(784·512 + 512·512 + 512·10) = 2·128·668,672
  BOOST_TEST(w.forward_flops == 171'180'032.0);
  // backward: dW as forward, plus dX for layers 2 and 3: 2·128·(512·512 + 512·10)
  BOOST_TEST(w.backward_flops == 171'180'032.0 + 68'419'584.0);
  // All of it is GEMMs: 171,180,032 + 239,599,616.
  BOOST_TEST(w.flops_per_step() == 410'779'648.0);
  BOOST_TEST(w.gemm_flops_per_step() == 410'779'648.0);
  BOOST_TEST(w.gemms.size() == 8u);
  BOOST_TEST(w.steps_per_epoch == 10);
  // Adam: weights, gradients and two moments, all fp32.
  BOOST_TEST(w.memory.weights == 669'706 * 4);
  BOOST_TEST(w.memory.gradients == 669'706 * 4);
  BOOST_TEST(w.memory.optimizer == 669'706 * 8);
  // Kept for backward: each layer's input, the output of each ReLU, and the softmax of the logits.
  BOOST_TEST(w.memory.activations == 4 * 128 * (784 + 512 + 512 + 512 + 512 + 10));
}

BOOST_AUTO_TEST_CASE(single_layer_without_bias_needs_no_input_gradient) {
  const Workload w = build_workload(mlp(4, "sgd", {dense(10, 5, "", false)}));
  BOOST_TEST(w.parameters == 50);
  BOOST_TEST(w.forward_flops == 2.0 * 4 * 5 * 10);
  BOOST_TEST(w.backward_flops == 2.0 * 4 * 5 * 10);  // dW only
  BOOST_TEST(w.gemms.size() == 2u);
  BOOST_TEST(w.memory.optimizer == 0);
}

BOOST_AUTO_TEST_CASE(repeated_first_layer_counts_every_copy_but_one_input_gradient) {
  const Workload w = build_workload(mlp(8, "momentum", {dense(100, 100, "", true, 3)}));
  BOOST_TEST(w.parameters == 3 * (100 * 100 + 100));
  BOOST_TEST(w.forward_flops == 3 * 2.0 * 8 * 100 * 100);
  BOOST_TEST(w.backward_flops == (3 + 2) * 2.0 * 8 * 100 * 100);
  BOOST_TEST(w.memory.optimizer == 30'300 * 4);
  // Forward, dX and dW of a square layer at batch 8 share M = 8 but differ in layout or shape.
  const std::vector<ShapeCount> shapes = distinct_shapes(w);
  BOOST_TEST(shapes.size() == 3u);
  std::int64_t total = 0;
  for (const auto& entry : shapes) total += entry.count;
  BOOST_TEST(total == 3 + 2 + 3);
}

BOOST_AUTO_TEST_CASE(gemm_layouts_follow_the_framework) {
  const Workload w = build_workload(mlp(32, "sgd", {dense(20, 30), dense(30, 40)}));
  const WorkloadGemm& forward = w.gemms[2];  // layer 2: forward, dX, dW
  BOOST_TEST(forward.role == GemmRole::forward);
  BOOST_TEST((forward.shape == GemmShape{32, 40, 30, false, true, "fp32"}));  // Y = X·Wᵀ
  BOOST_TEST((w.gemms[3].shape == GemmShape{32, 30, 40, false, false, "fp32"}));  // dX = dY·W
  BOOST_TEST((w.gemms[4].shape == GemmShape{40, 30, 32, true, false, "fp32"}));   // dW = dYᵀ·X
}

BOOST_AUTO_TEST_CASE(a_200_billion_parameter_layer_counts_without_overflow) {
  const Workload w = build_workload(mlp(1000, "adam", {dense(2000, 100'000'000)}));
  BOOST_TEST(w.parameters == 200'100'000'000LL);
  BOOST_TEST(w.memory.total() > 3'000'000'000'000LL);  // 16 bytes per parameter alone
}

BOOST_AUTO_TEST_CASE(sizes_beyond_64_bits_are_an_input_error) {
  ModelDescription model = mlp(100'000'000, "adam", {dense(1'000'000'000, 1'000'000'000, "relu", true, 1)});
  BOOST_CHECK_EXCEPTION(build_workload(model), InputError, [](const InputError& e) {
    return std::string(e.what()).find("the model is too large: its sizes overflow 64-bit integers") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(convolution_passes_are_listed_once_with_their_calls_per_step) {
  LayerDescription first;
  first.kind = "conv2d";
  first.in_channels = 3;
  first.out_channels = 8;
  first.kernel = 3;
  first.padding = 1;
  first.input_height = first.input_width = 16;
  LayerDescription grouped = first;
  grouped.in_channels = grouped.out_channels = 8;
  grouped.groups = 2;
  grouped.repeat = 3;
  grouped.input_height = grouped.input_width = 0;
  const Workload w = build_workload(mlp(5, "sgd", {first, grouped}));
  const std::vector<ConvCount> convolutions = distinct_convolutions(w);
  // The first layer needs no input gradient; the grouped one runs 3 times, each call all of its groups.
  BOOST_TEST_REQUIRE(convolutions.size() == 5u);
  BOOST_TEST((convolutions[0].pass == ConvPass::forward));
  BOOST_TEST((convolutions[0].shape == ConvShape{5, 3, 16, 16, 8, 3, 1, 1, 1, "fp32"}));
  BOOST_TEST(convolutions[0].count == 1);
  BOOST_TEST((convolutions[1].pass == ConvPass::backward_weights));
  for (std::size_t i = 2; i < 5; ++i) {
    BOOST_TEST((convolutions[i].shape == ConvShape{5, 8, 16, 16, 8, 3, 1, 1, 2, "fp32"}));
    BOOST_TEST(convolutions[i].count == 3);
  }
  BOOST_TEST((convolutions[3].pass == ConvPass::backward_data));
  // Each repeat is a kernel of its own that runs both groups; the first layer's one group is one.
  for (const WorkloadGemm& gemm : w.gemms) {
    const bool repeated = gemm.conv.groups == 2;
    BOOST_TEST(gemm.count == (repeated ? 6 : 1));
    BOOST_TEST(gemm.per_kernel == (repeated ? 2 : 1));
    BOOST_TEST(kernels_of(gemm) == (repeated ? 3 : 1));
  }
}

BOOST_AUTO_TEST_SUITE_END()
