// A 2D convolution as its implicit GEMM, with the convolution it stands for.

#include "advisor/workload/layers/layer_parts.hpp"
#include "advisor/model/checked.hpp"

namespace advise {

LayerResult conv2d_layer(const LayerDescription& layer, const FeatureShape& given, bool needs_grad, const BuildContext& c) {
  FeatureShape input = given;
  if (input.dims.empty()) {
    if (layer.input_height == 0) fail(layer, "input", "the first conv2d layer needs `input = [height, width]`");
    input.dims = {layer.in_channels, layer.input_height, layer.input_width};
    input.where = layer.where;
  }
  if (input.dims.size() != 3) {
    fail(layer, "type", "conv2d needs an image input [channels, height, width]; " + describe_source(input) +
                            " is not an image");
  }
  if (input.dims[0] != layer.in_channels) {
    fail(layer, "in_channels", "expected " + std::to_string(input.dims[0]) + " (the channels of " +
                                   describe_source(input) + "), got " + std::to_string(layer.in_channels));
  }
  const std::int64_t height = input.dims[1];
  const std::int64_t width = input.dims[2];
  if (layer.input_height != 0 && (layer.input_height != height || layer.input_width != width)) {
    fail(layer, "input", "expected [" + std::to_string(height) + ", " + std::to_string(width) + "] (" +
                             describe_source(input) + "), got [" + std::to_string(layer.input_height) + ", " +
                             std::to_string(layer.input_width) + "]");
  }
  const std::int64_t out_height = window_output(layer, height, width);
  const std::int64_t out_width = window_output(layer, width, height);

  LayerResult result;
  StepWork& work = result.work;
  // Implicit GEMM: one row per output pixel, one column per output channel of a group.
  const std::int64_t m = checked_product({c.batch, out_height, out_width}, layer.where);
  const std::int64_t k = checked_product({layer.in_channels / layer.groups, layer.kernel, layer.kernel}, layer.where);
  const ConvShape conv{c.batch, layer.in_channels, height, width, layer.out_channels, layer.kernel, layer.stride,
                       layer.padding, layer.groups, c.dtype};
  add_matmul(work, layer.name, {m, layer.out_channels / layer.groups, k, false, true, c.dtype}, layer.groups,
             needs_grad, true, true, /*batched=*/true, &conv);
  work.parameters = checked_sum({checked_product({layer.out_channels, k}, layer.where), layer.bias ? layer.out_channels : 0},
                                layer.where);
  work.kept_elements += checked_product({c.batch, layer.in_channels, height, width}, layer.where);
  work.calls.conv2d = 1;
  add_casts(work, c, {static_cast<double>(layer.out_channels) * static_cast<double>(k),
                      layer.bias ? static_cast<double>(layer.out_channels) : 0.0});
  add_bias_and_activation(work, c, layer, checked_product({m, layer.out_channels}, layer.where));
  result.output.dims = {layer.out_channels, out_height, out_width};
  return result;
}

}  // namespace advise
