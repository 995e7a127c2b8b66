// GEMM shapes and counts of the layer kinds, computed by hand.

#include <boost/test/unit_test.hpp>

#include "advisor/workload/layers/layer.hpp"

using namespace advise;

namespace {

const BuildContext kContext{4, "fp32", 4};

std::int64_t count_of(const StepWork& work, GemmRole role, const GemmShape& shape) {
  for (const auto& gemm : work.gemms) {
    if (gemm.role == role && gemm.shape == shape) return gemm.count;
  }
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layer_work)

BOOST_AUTO_TEST_CASE(matmul_gradients_have_the_forward_flops_in_the_right_layouts) {
  StepWork work;
  add_matmul(work, "x", {10, 20, 30, false, false, "fp32"}, 2, true, true, false);
  BOOST_TEST(count_of(work, GemmRole::forward, {10, 20, 30, false, false, "fp32"}) == 2);
  BOOST_TEST(count_of(work, GemmRole::dA, {10, 30, 20, false, true, "fp32"}) == 2);  // dA = dC·Bᵀ
  BOOST_TEST(count_of(work, GemmRole::dB, {30, 20, 10, true, false, "fp32"}) == 2);  // dB = Aᵀ·dC
  BOOST_TEST(work.backward_flops == 2 * work.forward_flops);
}

BOOST_AUTO_TEST_CASE(conv2d_is_an_implicit_gemm_with_the_output_size_computed) {
  LayerDescription conv;
  conv.kind = "conv2d";
  conv.name = "layer[1]";
  conv.in_channels = 3;
  conv.out_channels = 64;
  conv.kernel = 7;
  conv.stride = 2;
  conv.padding = 3;
  conv.bias = false;
  conv.input_height = conv.input_width = 224;
  const LayerResult result = build_layer(conv, {}, false, kContext);
  BOOST_TEST((result.output.dims == std::vector<std::int64_t>{64, 112, 112}));
  // M = batch·112·112 output pixels, N = 64 channels, K = 3·7·7.
  BOOST_TEST(count_of(result.work, GemmRole::forward, {4 * 112 * 112, 64, 147, false, true, "fp32"}) == 1);
  BOOST_TEST(count_of(result.work, GemmRole::dW, {64, 147, 4 * 112 * 112, true, false, "fp32"}) == 1);
  BOOST_TEST(result.work.gemms.size() == 2u);  // the image needs no gradient
  BOOST_TEST(result.work.parameters == 64 * 147);
}

BOOST_AUTO_TEST_CASE(grouped_conv_runs_one_gemm_per_group) {
  LayerDescription conv;
  conv.kind = "conv2d";
  conv.name = "layer[2]";
  conv.in_channels = conv.out_channels = 32;
  conv.kernel = 3;
  conv.padding = 1;
  conv.groups = 32;  // depthwise
  conv.bias = false;
  const LayerResult result = build_layer(conv, {{32, 10, 10}, "layer[1]"}, true, kContext);
  BOOST_TEST(count_of(result.work, GemmRole::forward, {400, 1, 9, false, true, "fp32"}) == 32);
  BOOST_TEST(result.work.parameters == 32 * 9);
}

BOOST_AUTO_TEST_CASE(conv2d_gemms_carry_the_convolution_they_stand_for) {
  LayerDescription conv;
  conv.kind = "conv2d";
  conv.name = "layer[2]";
  conv.in_channels = 32;
  conv.out_channels = 64;
  conv.kernel = 3;
  conv.stride = 2;
  conv.padding = 1;
  conv.groups = 4;
  const LayerResult result = build_layer(conv, {{32, 10, 12}, "layer[1]"}, true, kContext);
  const ConvShape expected{4, 32, 10, 12, 64, 3, 2, 1, 4, "fp32"};
  BOOST_TEST(result.work.gemms.size() == 3u);
  for (const WorkloadGemm& gemm : result.work.gemms) {
    BOOST_TEST_CONTEXT(gemm.role) {
      BOOST_TEST(gemm.convolution);
      BOOST_TEST((gemm.conv == expected));
      BOOST_TEST(gemm.count == 4);  // one GEMM per group
      BOOST_TEST(gemm.shape.flops() * 4 == expected.flops());  // the groups' GEMMs do the convolution's work
    }
  }
  BOOST_TEST((conv_pass_of(result.work.gemms[0]) == ConvPass::forward));
  BOOST_TEST((conv_pass_of(result.work.gemms[1]) == ConvPass::backward_data));
  BOOST_TEST((conv_pass_of(result.work.gemms[2]) == ConvPass::backward_weights));
}

// A 64-wide, 4-head block with a 256-wide FFN after a 10-position sequence, batch 4.
LayerResult build_transformer(std::int64_t memory) {
  LayerDescription block;
  block.kind = "transformer";
  block.name = "layer[2]";
  block.d_model = 64;
  block.heads = 4;
  block.ffn = 256;
  block.memory = memory;
  return build_layer(block, {{10, 64}, "layer[1]"}, true, kContext);
}

BOOST_AUTO_TEST_CASE(transformer_block_gemms_and_parameters) {
  const LayerResult result = build_transformer(0);
  const std::int64_t tokens = 4 * 10;
  BOOST_TEST(count_of(result.work, GemmRole::forward, {tokens, 192, 64, false, true, "fp32"}) == 1);  // Q, K, V
  BOOST_TEST(count_of(result.work, GemmRole::forward, {10, 10, 16, false, true, "fp32"}) == 16);      // scores, batch·heads
  BOOST_TEST(count_of(result.work, GemmRole::forward, {10, 16, 10, false, false, "fp32"}) == 16);     // context
  BOOST_TEST(count_of(result.work, GemmRole::forward, {tokens, 256, 64, false, true, "fp32"}) == 1);  // FFN up
  // 4d² + 4d (attention) + 2·d·ffn + ffn + d (FFN) + 4d (two layer norms)
  BOOST_TEST(result.work.parameters == 4 * 64 * 64 + 4 * 64 + 2 * 64 * 256 + 256 + 64 + 4 * 64);
  BOOST_TEST((result.output.dims == std::vector<std::int64_t>{10, 64}));
}

BOOST_AUTO_TEST_CASE(a_transformer_with_a_memory_attends_over_it_with_relative_positions) {
  const LayerResult result = build_transformer(6);
  const std::int64_t tokens = 4 * 10;
  BOOST_TEST(count_of(result.work, GemmRole::forward, {tokens, 192, 64, false, true, "fp32"}) == 1);  // Q, K, V
  BOOST_TEST(count_of(result.work, GemmRole::forward, {4 * 6, 192, 64, false, true, "fp32"}) == 1);   // over the memory
  BOOST_TEST(count_of(result.work, GemmRole::dX, {4 * 6, 192, 64, false, true, "fp32"}) == 0);        // detached
  BOOST_TEST(count_of(result.work, GemmRole::forward, {16, 64, 64, false, true, "fp32"}) == 1);  // position keys
  BOOST_TEST(count_of(result.work, GemmRole::forward, {tokens, 16, 16, false, true, "fp32"}) == 4);  // position scores
  BOOST_TEST(count_of(result.work, GemmRole::forward, {10, 16, 16, false, true, "fp32"}) == 16);  // Q·Kᵀ, all keys
  BOOST_TEST(count_of(result.work, GemmRole::forward, {10, 16, 16, false, false, "fp32"}) == 16);    // context
  // The plain block's, plus the position projection (d²) and the two position biases (2d).
  BOOST_TEST(result.work.parameters == 4 * 64 * 64 + 4 * 64 + 2 * 64 * 256 + 256 + 64 + 4 * 64 + 64 * 64 + 2 * 64);
  BOOST_TEST((result.output.dims == std::vector<std::int64_t>{10, 64}));
}

BOOST_AUTO_TEST_CASE(lstm_projects_all_steps_at_once_then_recurs_per_step) {
  LayerDescription lstm;
  lstm.kind = "lstm";
  lstm.name = "layer[2]";
  lstm.inputs = 8;
  lstm.hidden = 16;
  lstm.bidirectional = true;
  const LayerResult result = build_layer(lstm, {{5, 8}, "layer[1]"}, true, kContext);
  BOOST_TEST(count_of(result.work, GemmRole::forward, {20, 64, 8, false, true, "fp32"}) == 2);  // both directions
  BOOST_TEST(count_of(result.work, GemmRole::forward, {4, 64, 16, false, true, "fp32"}) == 10);  // 5 steps × 2
  BOOST_TEST(result.work.parameters == 2 * (64 * (8 + 16) + 8 * 16));
  BOOST_TEST((result.output.dims == std::vector<std::int64_t>{5, 32}));
  // Backward adds each of the later 4 steps' recurrent weight gradient (64x16) into the sum, per direction.
  double accumulated = 0;
  for (const auto& entry : result.work.traffic) {
    const bool recurrent_sum = entry.kind == TrafficKind::recurrent_weight_gradient;
    if (recurrent_sum && entry.working_set_bytes == 3.0 * 64 * 16 * 4) accumulated += entry.bytes;
  }
  BOOST_TEST(accumulated == 3.0 * 64 * 16 * 4 * 4 * 2);
}

BOOST_AUTO_TEST_CASE(lstm_concat_takes_the_rest_of_its_inputs_from_an_earlier_output_by_copy) {
  LayerDescription lstm;
  lstm.kind = "lstm";
  lstm.name = "layer[4]";
  lstm.inputs = 24;
  lstm.hidden = 16;
  const LayerResult plain = build_layer(lstm, {{5, 24}, "layer[3]"}, true, kContext);
  lstm.concat = 16;  // 8 features from layer[3], 16 from an earlier output
  const LayerResult joined = build_layer(lstm, {{5, 8}, "layer[3]"}, true, kContext);
  // The same GEMMs over the whole input: (4·5)×64×24, then 4×64×16 per step.
  BOOST_TEST(count_of(joined.work, GemmRole::forward, {20, 64, 24, false, true, "fp32"}) == 1);
  BOOST_TEST(count_of(joined.work, GemmRole::forward, {4, 64, 16, false, true, "fp32"}) == 5);
  BOOST_TEST(joined.work.parameters == plain.work.parameters);
  BOOST_TEST((joined.output.dims == std::vector<std::int64_t>{5, 16}));
  // Plus the copy of all 24 features forward (read, write) and the 16 copied ones' gradient added
  // to the earlier output's (read both, write), for 4·5 positions in fp32.
  const double copy = 2 * 4.0 * 5 * 24 * 4, gradient_sum = 3 * 4.0 * 5 * 16 * 4;
  BOOST_TEST(joined.work.memory_bound_bytes == plain.work.memory_bound_bytes + copy + gradient_sum);
  BOOST_TEST(joined.work.calls.residual == plain.work.calls.residual + 1);
}

BOOST_AUTO_TEST_CASE(additive_attention_projects_both_sides_and_moves_its_score_tensor_fourteen_times) {
  LayerDescription attention;
  attention.kind = "additive_attention";
  attention.name = "layer[3]";
  attention.units = 32;
  attention.keys = 6;
  attention.key_width = 24;
  attention.normalize = true;
  const LayerResult result = build_layer(attention, {{5, 16}, "layer[2]"}, true, kContext);
  // Batch 4: queries (4·5)×32×16, keys (4·6)×32×24, context 5×24×6 per sequence (one batched kernel).
  BOOST_TEST(count_of(result.work, GemmRole::forward, {20, 32, 16, false, true, "fp32"}) == 1);
  BOOST_TEST(count_of(result.work, GemmRole::forward, {24, 32, 24, false, true, "fp32"}) == 1);
  BOOST_TEST(count_of(result.work, GemmRole::dX, {24, 24, 32, false, false, "fp32"}) == 1);  // to the encoder
  BOOST_TEST(count_of(result.work, GemmRole::forward, {5, 24, 6, false, false, "fp32"}) == 4);
  BOOST_TEST(result.work.parameters == 32 * 16 + 32 * 24 + 32 + 33);
  BOOST_TEST((result.output.dims == std::vector<std::int64_t>{5, 40}));
  // The score tensor (4·5·6·32 fp32 values) 14 times (tanh's 5 among them), the softmax over the
  // keys 5 times, the concatenation copy twice.
  const double score = 4.0 * 5 * 6 * 32 * 4, probabilities = 4.0 * 5 * 6 * 4, output = 4.0 * 5 * 40 * 4;
  BOOST_TEST(result.work.memory_bound_bytes == 14 * score + 5 * probabilities + 2 * output);
  // Without the normalized form's bias, 11 times; the defaults attend over the query sequence itself.
  attention.normalize = false;
  attention.keys = attention.key_width = 0;
  const LayerResult plain = build_layer(attention, {{5, 16}, "layer[2]"}, true, kContext);
  const double self_score = 4.0 * 5 * 5 * 32 * 4;
  BOOST_TEST(plain.work.memory_bound_bytes == 11 * self_score + 5 * 4.0 * 5 * 5 * 4 + 2 * 4.0 * 5 * 32 * 4);
  BOOST_TEST((plain.output.dims == std::vector<std::int64_t>{5, 32}));
}

BOOST_AUTO_TEST_CASE(repeat_multiplies_all_but_the_first_copys_missing_input_gradient) {
  LayerDescription dense;
  dense.kind = "dense";
  dense.name = "layer[1]";
  dense.inputs = dense.outputs = 8;
  dense.repeat = 3;
  const LayerResult result = build_repeated_layer(dense, {}, false, kContext);
  BOOST_TEST(count_of(result.work, GemmRole::forward, {4, 8, 8, false, true, "fp32"}) == 3);
  BOOST_TEST(count_of(result.work, GemmRole::dX, {4, 8, 8, false, false, "fp32"}) == 2);
  BOOST_TEST(result.work.summaries.size() == 1u);
  BOOST_TEST(result.work.summaries.front().repeat == 3);
  BOOST_TEST(result.work.summaries.front().parameters == 3 * 72);
}

BOOST_AUTO_TEST_SUITE_END()
