// The arithmetic runs with reductions: batch norm, layer norm, softmax and the loss's log-softmax,
// each forward (as in training: statistics of this batch) and backward, checked against double
// references.

#include <algorithm>
#include <cmath>
#include <utility>

#include "probes/detail/arithmetic_checks.hpp"
#include "probes/detail/arithmetic_run_base.hpp"

namespace advise::detail {
namespace {

constexpr float kEpsilon = 1e-5f;
// The scale and shift as one {2, C} tensor: what oneDNN 2.6's backward kernels execute with.
const auto kScaleAndShift = dnnl::normalization_flags::use_scale_shift;

// The gradient of a normalisation for one entry, from its group's values (a channel of a batch
// norm, a row of a layer norm): x̂ = (x − μ)/σ, dx = (g − mean(g) − x̂·mean(g·x̂))/σ, g = dy·γ.
struct NormGroup {
  double mean = 0, sigma = 0, mean_g = 0, mean_g_xhat = 0;
  template <typename X, typename G>
  NormGroup(std::int64_t n, const X& x, const G& g) {
    for (std::int64_t i = 0; i < n; ++i) mean += x(i) / static_cast<double>(n);
    double variance = 0;
    for (std::int64_t i = 0; i < n; ++i) variance += (x(i) - mean) * (x(i) - mean) / static_cast<double>(n);
    sigma = std::sqrt(variance + kEpsilon);
    for (std::int64_t i = 0; i < n; ++i) {
      mean_g += g(i) / static_cast<double>(n);
      mean_g_xhat += g(i) * (x(i) - mean) / sigma / static_cast<double>(n);
    }
  }
  double xhat(double x) const { return (x - mean) / sigma; }
  double dx(double x, double g) const { return (g - mean_g - xhat(x) * mean_g_xhat) / sigma; }
};

// A normalisation's tensors: data, statistics, and scale and shift as one {2, C} tensor.
struct NormalizationTensors {
  memory src, dst, diff_dst, diff_src, mean, variance, weights, diff_weights;
};

// One normalisation's forward (training: this batch's statistics) and backward, finished.
void run_normalization(dnnl::stream& stream, const dnnl::primitive& forward, const dnnl::primitive& backward,
                       const NormalizationTensors& t) {
  forward.execute(stream, {{DNNL_ARG_SRC, t.src}, {DNNL_ARG_DST, t.dst}, {DNNL_ARG_MEAN, t.mean},
                           {DNNL_ARG_VARIANCE, t.variance}, {DNNL_ARG_SCALE_SHIFT, t.weights}});
  backward.execute(stream, {{DNNL_ARG_SRC, t.src}, {DNNL_ARG_MEAN, t.mean}, {DNNL_ARG_VARIANCE, t.variance},
                            {DNNL_ARG_DIFF_DST, t.diff_dst}, {DNNL_ARG_SCALE_SHIFT, t.weights},
                            {DNNL_ARG_DIFF_SRC, t.diff_src}, {DNNL_ARG_DIFF_SCALE_SHIFT, t.diff_weights}});
  stream.wait();
}

// Batch norm over NCHW images of 28x28 with 64 channels (as the framework's rate is measured).
class BatchNormRun final : public RunBase {
 public:
  static constexpr std::int64_t kPlane = 28 * 28, kChannels = 64;

  explicit BatchNormRun(std::int64_t& elements)
      : images_(std::max<std::int64_t>(1, elements / (kPlane * kChannels))), src_(images_ * kPlane * kChannels, 1, 2.f),
        dst_(src_.values.size()), diff_dst_(src_.values.size(), 2, 1.f), diff_src_(src_.values.size()),
        scale_shift_(2 * kChannels, 3, 1.f), diff_scale_shift_(2 * kChannels) {
    elements = images_ * kPlane * kChannels;
    const memory::desc data({images_, kChannels, 28, 28}, kF32, Tag::nchw);
    const dnnl::batch_normalization_forward::primitive_desc forward_pd(
        {dnnl::prop_kind::forward_training, data, kEpsilon, kScaleAndShift}, engine_);
    forward_ = dnnl::batch_normalization_forward(forward_pd);
    backward_ = dnnl::batch_normalization_backward(
        {{dnnl::prop_kind::backward, data, data, kEpsilon, kScaleAndShift}, engine_, forward_pd});
    mean_ = memory(forward_pd.mean_desc(), engine_);
    variance_ = memory(forward_pd.variance_desc(), engine_);
    for (auto [buffer, target] : {std::pair{&src_, &src_m_}, {&dst_, &dst_m_}, {&diff_dst_, &diff_dst_m_},
                                  {&diff_src_, &diff_src_m_}}) {
      *target = memory(data, engine_, buffer->at(0));
    }
  }

  void execute() override {
    run_normalization(stream_, forward_, backward_,
                      {src_m_, dst_m_, diff_dst_m_, diff_src_m_, mean_, variance_,
                       memory({{2, kChannels}, kF32, Tag::ab}, engine_, scale_shift_.at(0)),
                       memory({{2, kChannels}, kF32, Tag::ab}, engine_, diff_scale_shift_.at(0))});
  }

  // A few channels' statistics in double; sampled entries of those channels checked.
  std::string check(int samples, double& max_error) override {
    ErrorCheck errors("the batch norm");
    const std::int64_t per_channel = images_ * kPlane;
    const auto entry = [&](std::int64_t channel, std::int64_t i) {
      return (i / kPlane) * kChannels * kPlane + channel * kPlane + i % kPlane;
    };
    for (const std::int64_t channel : sample_indices(kChannels, 4)) {
      const double gamma = scale_shift_.values[channel];
      const auto x = [&](std::int64_t i) { return static_cast<double>(src_.values[entry(channel, i)]); };
      const auto g = [&](std::int64_t i) { return gamma * diff_dst_.values[entry(channel, i)]; };
      const NormGroup group(per_channel, x, g);
      for (const std::int64_t i : sample_indices(per_channel, std::max(1, samples / 4))) {
        const std::int64_t at = entry(channel, i);
        errors.compare("forward", at, dst_.values[at], gamma * group.xhat(x(i)) + scale_shift_.values[kChannels + channel]);
        errors.compare("backward", at, diff_src_.values[at], group.dx(x(i), g(i)));
      }
    }
    return errors.result(max_error);
  }

  void spoil_result() override { dst_.values[0] += 1.f; }

 private:
  std::int64_t images_;
  Buffer src_, dst_, diff_dst_, diff_src_, scale_shift_, diff_scale_shift_;
  memory src_m_, dst_m_, diff_dst_m_, diff_src_m_, mean_, variance_;
  dnnl::batch_normalization_forward forward_;
  dnnl::batch_normalization_backward backward_;
};

// Rows of `width` values: layer norm (each row over its features) or softmax (over the positions).
class RowRun : public RunBase {
 protected:
  RowRun(std::int64_t& elements, std::int64_t width)
      : width_(width), rows_(std::max<std::int64_t>(1, elements / width)), src_(rows_ * width, 1, 3.f),
        dst_(src_.values.size()), diff_dst_(src_.values.size(), 2, 1.f), diff_src_(src_.values.size()) {
    elements = rows_ * width;
    data_ = memory::desc({rows_, width}, kF32, Tag::ab);
    for (auto [buffer, target] : {std::pair{&src_, &src_m_}, {&dst_, &dst_m_}, {&diff_dst_, &diff_dst_m_},
                                  {&diff_src_, &diff_src_m_}}) {
      *target = memory(data_, engine_, buffer->at(0));
    }
  }
  void spoil_result() override { diff_src_.values[0] += 1.f; }

  std::int64_t width_, rows_;
  Buffer src_, dst_, diff_dst_, diff_src_;
  memory::desc data_;
  memory src_m_, dst_m_, diff_dst_m_, diff_src_m_;
};

class LayerNormRun final : public RowRun {
 public:
  explicit LayerNormRun(std::int64_t& elements)
      : RowRun(elements, 256), scale_shift_(2 * 256, 3, 1.f), diff_scale_shift_(2 * 256) {
    const dnnl::layer_normalization_forward::primitive_desc forward_pd(
        {dnnl::prop_kind::forward_training, data_, kEpsilon, kScaleAndShift}, engine_);
    forward_ = dnnl::layer_normalization_forward(forward_pd);
    backward_ = dnnl::layer_normalization_backward(
        {{dnnl::prop_kind::backward, data_, data_, kEpsilon, kScaleAndShift}, engine_, forward_pd});
    mean_ = memory(forward_pd.mean_desc(), engine_);
    variance_ = memory(forward_pd.variance_desc(), engine_);
  }

  void execute() override {
    run_normalization(stream_, forward_, backward_,
                      {src_m_, dst_m_, diff_dst_m_, diff_src_m_, mean_, variance_,
                       memory({{2, width_}, kF32, Tag::ab}, engine_, scale_shift_.at(0)),
                       memory({{2, width_}, kF32, Tag::ab}, engine_, diff_scale_shift_.at(0))});
  }

  std::string check(int samples, double& max_error) override {
    ErrorCheck errors("the layer norm");
    for (const std::int64_t row : sample_indices(rows_, std::max(1, samples / 8))) {
      const std::int64_t base = row * width_;
      const auto x = [&](std::int64_t i) { return static_cast<double>(src_.values[base + i]); };
      const auto g = [&](std::int64_t i) { return static_cast<double>(scale_shift_.values[i]) * diff_dst_.values[base + i]; };
      const NormGroup group(width_, x, g);
      for (const std::int64_t i : sample_indices(width_, 8)) {
        errors.compare("forward", base + i, dst_.values[base + i], scale_shift_.values[i] * group.xhat(x(i)) + scale_shift_.values[width_ + i]);
        errors.compare("backward", base + i, diff_src_.values[base + i], group.dx(x(i), g(i)));
      }
    }
    return errors.result(max_error);
  }

 private:
  Buffer scale_shift_, diff_scale_shift_;
  memory mean_, variance_;
  dnnl::layer_normalization_forward forward_;
  dnnl::layer_normalization_backward backward_;
};

// A softmax-like primitive over rows, forward (training) then backward.
template <class Forward, class Backward>
class RowSoftmaxRun : public RowRun {
 public:
  void execute() override {
    forward_.execute(stream_, {{DNNL_ARG_SRC, src_m_}, {DNNL_ARG_DST, dst_m_}});
    backward_.execute(stream_, {{DNNL_ARG_DST, dst_m_}, {DNNL_ARG_DIFF_DST, diff_dst_m_}, {DNNL_ARG_DIFF_SRC, diff_src_m_}});
    stream_.wait();
  }

 protected:
  RowSoftmaxRun(std::int64_t& elements, std::int64_t width) : RowRun(elements, width) {
    const typename Forward::primitive_desc forward_pd({dnnl::prop_kind::forward_training, data_, 1}, engine_);
    forward_ = Forward(forward_pd);
    backward_ = Backward({{data_, data_, 1}, engine_, forward_pd});
  }

  // Checks sampled entries of sampled rows: `reference(x, dy, i, largest, sum)` gives row entry i's
  // forward and backward values, with the row's largest score and Σ exp(x − largest).
  template <class Reference>
  std::string check_rows(const char* what, int samples, double& max_error, Reference reference) {
    ErrorCheck errors(what);
    for (const std::int64_t row : sample_indices(rows_, std::max(1, samples / 8))) {
      const float* x = src_.at(row * width_);
      const float* dy = diff_dst_.at(row * width_);
      const double largest = *std::max_element(x, x + width_);
      double sum = 0;
      for (std::int64_t i = 0; i < width_; ++i) sum += std::exp(x[i] - largest);
      for (const std::int64_t i : sample_indices(width_, 8)) {
        const auto [forward, backward] = reference(x, dy, i, largest, sum);
        errors.compare("forward", row * width_ + i, dst_.values[row * width_ + i], forward);
        errors.compare("backward", row * width_ + i, diff_src_.values[row * width_ + i], backward);
      }
    }
    return errors.result(max_error);
  }

 private:
  Forward forward_;
  Backward backward_;
};

// Attention's softmax over rows of 128 positions.
class SoftmaxRun final : public RowSoftmaxRun<dnnl::softmax_forward, dnnl::softmax_backward> {
 public:
  explicit SoftmaxRun(std::int64_t& elements) : RowSoftmaxRun(elements, 128) {}

  // y = exp(x − max)/Σ, dx = y·(dy − Σ dy·y), per row.
  std::string check(int samples, double& max_error) override {
    return check_rows("the softmax", samples, max_error,
                      [&](const float* x, const float* dy, std::int64_t i, double largest, double sum) {
                        double dot = 0;
                        for (std::int64_t j = 0; j < width_; ++j) dot += dy[j] * std::exp(x[j] - largest) / sum;
                        const double y = std::exp(x[i] - largest) / sum;
                        return std::pair{y, y * (dy[i] - dot)};
                      });
  }
};

// The loss of a classifier or language model: a log-softmax over each row of class scores and its
// backward (the negative log likelihood picks one value a row; its gradient is one value a row).
// Rows of 1024 classes, a vocabulary's width rather than attention's 128 positions.
class LogSoftmaxRun final : public RowSoftmaxRun<dnnl::logsoftmax_forward, dnnl::logsoftmax_backward> {
 public:
  explicit LogSoftmaxRun(std::int64_t& elements) : RowSoftmaxRun(elements, 1024) {}

  // y = x − max − log Σ exp(x − max), dx = dy − exp(y)·Σ dy, per row.
  std::string check(int samples, double& max_error) override {
    return check_rows("the log-softmax", samples, max_error,
                      [&](const float* x, const float* dy, std::int64_t i, double largest, double sum) {
                        double gradient_sum = 0;
                        for (std::int64_t j = 0; j < width_; ++j) gradient_sum += dy[j];
                        const double y = x[i] - largest - std::log(sum);
                        return std::pair{y, dy[i] - std::exp(y) * gradient_sum};
                      });
  }
};

}  // namespace

std::unique_ptr<ArithmeticRun> make_norm_run(const std::string& kind, std::int64_t& elements) {
  if (kind == "batch_norm") return std::make_unique<BatchNormRun>(elements);
  if (kind == "layer_norm") return std::make_unique<LayerNormRun>(elements);
  if (kind == "softmax") return std::make_unique<SoftmaxRun>(elements);
  if (kind == "cross_entropy") return std::make_unique<LogSoftmaxRun>(elements);
  return nullptr;
}

}  // namespace advise::detail
