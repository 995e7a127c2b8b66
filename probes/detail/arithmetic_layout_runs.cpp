// The arithmetic runs that move data between layouts or types: 2D max pooling, multi-head
// attention's head split and merge, and mixed precision's casts.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "probes/detail/arithmetic_checks.hpp"
#include "probes/detail/arithmetic_run_base.hpp"

namespace advise::detail {
namespace {

// A 2x2, stride-2 max pool's forward (with the argmax workspace) and backward on NCHW images
// of 28x28 (the size the framework's rate is measured at), up to 64 channels, then more images.
class PoolRun final : public RunBase {
 public:
  static constexpr std::int64_t kSide = 28, kChannels = 64;

  explicit PoolRun(std::int64_t& elements) {
    const std::int64_t planes = std::max<std::int64_t>(1, elements / (kSide * kSide));
    channels_ = std::min(planes, kChannels);
    images_ = std::max<std::int64_t>(1, (planes + channels_ / 2) / channels_);
    elements = images_ * channels_ * kSide * kSide;
    src_ = Buffer(elements, 1, 1.f);
    diff_src_ = Buffer(elements);
    dst_ = Buffer(elements / 4);
    diff_dst_ = Buffer(elements / 4, 2, 1.f);
    const memory::desc src({images_, channels_, kSide, kSide}, kF32, Tag::nchw);
    const memory::desc dst({images_, channels_, kSide / 2, kSide / 2}, kF32, Tag::nchw);
    const memory::dims window = {2, 2}, none = {0, 0};
    const dnnl::pooling_forward::primitive_desc forward_pd(
        {dnnl::prop_kind::forward_training, dnnl::algorithm::pooling_max, src, dst, window, window, none, none},
        engine_);
    forward_ = dnnl::pooling_forward(forward_pd);
    backward_ = dnnl::pooling_backward(
        {{dnnl::algorithm::pooling_max, src, dst, window, window, none, none}, engine_, forward_pd});
    workspace_ = memory(forward_pd.workspace_desc(), engine_);
    src_memory_ = memory(src, engine_, src_.at(0));
    diff_src_memory_ = memory(src, engine_, diff_src_.at(0));
    dst_memory_ = memory(dst, engine_, dst_.at(0));
    diff_dst_memory_ = memory(dst, engine_, diff_dst_.at(0));
  }

  void execute() override {
    forward_.execute(stream_, {{DNNL_ARG_SRC, src_memory_}, {DNNL_ARG_DST, dst_memory_},
                               {DNNL_ARG_WORKSPACE, workspace_}});
    backward_.execute(stream_, {{DNNL_ARG_DIFF_DST, diff_dst_memory_}, {DNNL_ARG_DIFF_SRC, diff_src_memory_},
                                {DNNL_ARG_WORKSPACE, workspace_}});
    stream_.wait();
  }

  // Each sampled output is its window's largest input, and its gradient lands on that input alone.
  std::string check(int samples, double& max_error) override {
    ErrorCheck errors("the max pool");
    const std::int64_t half = kSide / 2;
    for (const std::int64_t out : sample_indices(static_cast<std::int64_t>(dst_.values.size()), samples)) {
      const std::int64_t plane = out / (half * half), y = out % (half * half) / half, x = out % half;
      const std::int64_t corner = plane * kSide * kSide + 2 * y * kSide + 2 * x;
      std::int64_t largest = corner;
      double gradient_sum = 0;
      for (const std::int64_t at : {corner, corner + 1, corner + kSide, corner + kSide + 1}) {
        if (src_.values[at] > src_.values[largest]) largest = at;
        gradient_sum += diff_src_.values[at];
      }
      errors.compare("forward", out, dst_.values[out], src_.values[largest]);
      errors.compare("backward at the largest input", out, diff_src_.values[largest], diff_dst_.values[out]);
      errors.compare("backward over the window", out, gradient_sum, diff_dst_.values[out]);
    }
    return errors.result(max_error);
  }

  void spoil_result() override { dst_.values[sample_indices(static_cast<std::int64_t>(dst_.values.size()), 1)[0]] += 1.f; }

 private:
  std::int64_t images_ = 1, channels_ = 1;
  Buffer src_{0}, diff_src_{0}, dst_{0}, diff_dst_{0};
  memory src_memory_, diff_src_memory_, dst_memory_, diff_dst_memory_, workspace_;
  dnnl::pooling_forward forward_;
  dnnl::pooling_backward backward_;
};

// Multi-head attention's copies between the token-major layout [batch, position, head, feature]
// and the head-major one [batch, head, position, feature]: Q, K and V split into heads and the
// heads merged back, forward, and the same four copies of the gradients backward.
class AttentionReshapeRun final : public RunBase {
 public:
  static constexpr std::int64_t kPositions = 64, kHeads = 8, kHeadFeatures = 64;
  static constexpr std::int64_t kPerSequence = kPositions * kHeads * kHeadFeatures;

  explicit AttentionReshapeRun(std::int64_t& elements)
      : batch_(std::max<std::int64_t>(1, elements / kPerSequence)), tokens_(batch_ * kPerSequence, 1, 1.f),
        q_(tokens_.values.size()), k_(tokens_.values.size()), v_(tokens_.values.size()),
        merged_(tokens_.values.size()) {
    elements = batch_ * kPerSequence;
    const memory::dims dims = {batch_, kPositions, kHeads, kHeadFeatures};
    const memory::desc token_major(dims, kF32, Tag::abcd);
    const memory::desc head_major(dims, kF32,
                                  {kPerSequence, kHeadFeatures, kPositions * kHeadFeatures, std::int64_t{1}});
    tokens_memory_ = memory(token_major, engine_, tokens_.at(0));
    merged_memory_ = memory(token_major, engine_, merged_.at(0));
    for (Buffer* heads : {&q_, &k_, &v_}) heads_memory_.emplace_back(head_major, engine_, heads->at(0));
    split_ = dnnl::reorder(tokens_memory_, heads_memory_[0]);
    merge_ = dnnl::reorder(heads_memory_[0], merged_memory_);
  }

  void execute() override {
    for (int pass = 0; pass < 2; ++pass) {
      for (memory& heads : heads_memory_) split_.execute(stream_, tokens_memory_, heads);
      merge_.execute(stream_, heads_memory_[0], merged_memory_);
    }
    stream_.wait();
  }

  std::string check(int samples, double& max_error) override {
    ErrorCheck errors("the attention head copies");
    const std::int64_t n = static_cast<std::int64_t>(tokens_.values.size());
    for (const std::int64_t at : sample_indices(n, samples)) {
      const std::int64_t b = at / kPerSequence, position = at % kPerSequence / (kHeads * kHeadFeatures);
      const std::int64_t head = at % (kHeads * kHeadFeatures) / kHeadFeatures, feature = at % kHeadFeatures;
      const std::int64_t moved = b * kPerSequence + (head * kPositions + position) * kHeadFeatures + feature;
      errors.compare("head split", at, v_.values[moved], tokens_.values[at]);
      errors.compare("head merge", at, merged_.values[at], tokens_.values[at]);
    }
    return errors.result(max_error);
  }

  void spoil_result() override { merged_.values[sample_indices(static_cast<std::int64_t>(merged_.values.size()), 1)[0]] += 1.f; }

 private:
  std::int64_t batch_;
  Buffer tokens_, q_, k_, v_, merged_;
  memory tokens_memory_, merged_memory_;
  std::vector<memory> heads_memory_;
  dnnl::reorder split_, merge_;
};

// Mixed precision's cast of a tensor: fp32 to bf16 forward, and its gradient from bf16 back to
// fp32 in the backward pass (what an autocast framework does to each weight every step).
class CastRun final : public RunBase {
 public:
  explicit CastRun(std::int64_t elements) : src_(elements, 1, 1.f), diff_src_(elements) {
    const memory::desc plain({elements}, kF32, Tag::a), low({elements}, memory::data_type::bf16, Tag::a);
    src_memory_ = memory(plain, engine_, src_.at(0));
    diff_src_memory_ = memory(plain, engine_, diff_src_.at(0));
    dst_memory_ = memory(low, engine_);
    diff_dst_memory_ = memory(low, engine_);
    Buffer gradient(elements, 2, 1.f);
    memory gradient_memory(plain, engine_, gradient.at(0));
    dnnl::reorder(gradient_memory, diff_dst_memory_).execute(stream_, gradient_memory, diff_dst_memory_);
    stream_.wait();
    down_ = dnnl::reorder(src_memory_, dst_memory_);
    up_ = dnnl::reorder(diff_dst_memory_, diff_src_memory_);
  }

  void execute() override {
    down_.execute(stream_, src_memory_, dst_memory_);
    up_.execute(stream_, diff_dst_memory_, diff_src_memory_);
    stream_.wait();
  }

  // The bf16 copy is fp32 rounded to the nearest (ties to even) 8-bit significand, and the gradient
  // comes back exactly.
  std::string check(int samples, double& max_error) override {
    ErrorCheck errors("the bf16 casts");
    const auto* low = static_cast<const std::uint16_t*>(dst_memory_.get_data_handle());
    const auto* gradient = static_cast<const std::uint16_t*>(diff_dst_memory_.get_data_handle());
    for (const std::int64_t at : sample_indices(static_cast<std::int64_t>(src_.values.size()), samples)) {
      errors.compare("fp32 to bf16", at, widen(low[at]), widen(round_to_bf16(src_.values[at])));
      errors.compare("bf16 to fp32", at, diff_src_.values[at], widen(gradient[at]));
    }
    return errors.result(max_error);
  }

  void spoil_result() override { diff_src_.values[sample_indices(static_cast<std::int64_t>(diff_src_.values.size()), 1)[0]] += 1.f; }

 private:
  static float widen(std::uint16_t bits) {
    const std::uint32_t wide = static_cast<std::uint32_t>(bits) << 16;
    float value;
    std::memcpy(&value, &wide, sizeof value);
    return value;
  }
  static std::uint16_t round_to_bf16(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    bits += 0x7FFFu + ((bits >> 16) & 1u);
    return static_cast<std::uint16_t>(bits >> 16);
  }

  Buffer src_, diff_src_;
  memory src_memory_, diff_src_memory_, dst_memory_, diff_dst_memory_;
  dnnl::reorder down_, up_;
};

}  // namespace

std::unique_ptr<ArithmeticRun> make_cast_run(std::int64_t elements) { return std::make_unique<CastRun>(elements); }

std::unique_ptr<ArithmeticRun> make_pool_run(std::int64_t& elements) { return std::make_unique<PoolRun>(elements); }

std::unique_ptr<ArithmeticRun> make_attention_reshape_run(std::int64_t& elements) {
  return std::make_unique<AttentionReshapeRun>(elements);
}

}  // namespace advise::detail
