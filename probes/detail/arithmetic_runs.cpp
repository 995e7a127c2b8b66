#include "probes/detail/arithmetic_runs.hpp"

#include <oneapi/dnnl/dnnl.hpp>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "probes/detail/arithmetic_checks.hpp"
#include "probes/detail/arithmetic_run_base.hpp"

namespace advise::detail {
namespace {

dnnl::eltwise_forward::primitive_desc eltwise_forward(dnnl::algorithm algorithm, float alpha, std::int64_t n,
                                                      const dnnl::engine& engine) {
  const memory::desc flat({n}, kF32, Tag::a);
  return {{dnnl::prop_kind::forward_training, algorithm, flat, alpha, 0.f}, engine};
}

dnnl::eltwise_backward eltwise_backward(const dnnl::eltwise_forward::primitive_desc& forward, dnnl::algorithm algorithm,
                                        float alpha, std::int64_t n, const dnnl::engine& engine) {
  const memory::desc flat({n}, kF32, Tag::a);
  return dnnl::eltwise_backward({{algorithm, flat, flat, alpha, 0.f}, engine, forward});
}

// A transcendental activation's forward and its backward from the input.
class ActivationRun final : public RunBase {
 public:
  ActivationRun(const ActivationMath& math, std::int64_t n)
      : math_(math), n_(n), src_(n, 1, 4.f), dst_(n), diff_dst_(n, 2, 1.f), diff_src_(n) {
    const auto forward_pd = eltwise_forward(math.algorithm, math.alpha, n, engine_);
    forward_ = dnnl::eltwise_forward(forward_pd);
    backward_ = eltwise_backward(forward_pd, math.algorithm, math.alpha, n, engine_);
  }

  void execute() override {
    memory src = view(src_, 0, n_), dst = view(dst_, 0, n_);
    memory diff_dst = view(diff_dst_, 0, n_), diff_src = view(diff_src_, 0, n_);
    forward_.execute(stream_, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
    backward_.execute(stream_, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_SRC, diff_src}});
    stream_.wait();
  }

  std::string check(int samples, double& max_error) override {
    ErrorCheck errors("the activation");
    for (const std::int64_t i : sample_indices(n_, samples)) {
      const double x = src_.values[i];
      errors.compare("forward", i, dst_.values[i], math_.forward(x));
      errors.compare("backward", i, diff_src_.values[i], diff_dst_.values[i] * math_.derivative(x));
    }
    return errors.result(max_error);
  }

  void spoil_result() override { diff_src_.values[sample_indices(n_, 1).front()] += 1.f; }

 private:
  ActivationMath math_;
  std::int64_t n_;
  Buffer src_, dst_, diff_dst_, diff_src_;
  dnnl::eltwise_forward forward_;
  dnnl::eltwise_backward backward_;
};

// An LSTM cell's elementwise work on q hidden values (4q gate values): the gate nonlinearities,
// the cell and hidden state updates, and their backward, one oneDNN call each, as eager
// frameworks run them.
class LstmCellRun final : public RunBase {
 public:
  explicit LstmCellRun(std::int64_t q)
      : q_(q), gates_(4 * q, 1, 3.f), act_(3 * q), g_(q), c_prev_(q, 2, 1.f), fc_(q), ig_(q), c_(q), tanh_c_(q),
        h_(q), dh_(q, 3, 1.f), d_act_(3 * q), d_tanh_c_(q), dc_(q), dg_(q), dc_prev_(q), d_gates_(4 * q) {
    const auto sigmoid_pd = eltwise_forward(dnnl::algorithm::eltwise_logistic, 0.f, 3 * q, engine_);
    const auto tanh_pd = eltwise_forward(dnnl::algorithm::eltwise_tanh, 0.f, q, engine_);
    sigmoid_ = dnnl::eltwise_forward(sigmoid_pd);
    tanh_ = dnnl::eltwise_forward(tanh_pd);
    sigmoid_backward_ = eltwise_backward(sigmoid_pd, dnnl::algorithm::eltwise_logistic, 0.f, 3 * q, engine_);
    tanh_backward_ = eltwise_backward(tanh_pd, dnnl::algorithm::eltwise_tanh, 0.f, q, engine_);
    const memory::desc flat({q}, kF32, Tag::a);
    multiply_ = dnnl::binary({{dnnl::algorithm::binary_mul, flat, flat, flat}, engine_});
    add_ = dnnl::binary({{dnnl::algorithm::binary_add, flat, flat, flat}, engine_});
  }

  void execute() override {
    const auto q = [&](Buffer& b, std::int64_t part = 0) { return view(b, part * q_, q_); };
    const auto binary = [&](dnnl::binary& op, memory a, memory b, memory out) {
      op.execute(stream_, {{DNNL_ARG_SRC_0, a}, {DNNL_ARG_SRC_1, b}, {DNNL_ARG_DST, out}});
    };
    const auto eltwise = [&](dnnl::eltwise_forward& op, memory in, memory out) {
      op.execute(stream_, {{DNNL_ARG_SRC, in}, {DNNL_ARG_DST, out}});
    };
    const auto derivative = [&](dnnl::eltwise_backward& op, memory src, memory diff_dst, memory diff_src) {
      op.execute(stream_, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_SRC, diff_src}});
    };
    // Forward: gates i, f, o (sigmoid) and g (tanh); c = f·c_prev + i·g; h = o·tanh(c).
    eltwise(sigmoid_, view(gates_, 0, 3 * q_), view(act_, 0, 3 * q_));
    eltwise(tanh_, q(gates_, 3), q(g_));
    binary(multiply_, q(act_, 1), q(c_prev_), q(fc_));
    binary(multiply_, q(act_, 0), q(g_), q(ig_));
    binary(add_, q(fc_), q(ig_), q(c_));
    eltwise(tanh_, q(c_), q(tanh_c_));
    binary(multiply_, q(act_, 2), q(tanh_c_), q(h_));
    // Backward from dh.
    binary(multiply_, q(dh_), q(tanh_c_), q(d_act_, 2));
    binary(multiply_, q(dh_), q(act_, 2), q(d_tanh_c_));
    derivative(tanh_backward_, q(c_), q(d_tanh_c_), q(dc_));
    binary(multiply_, q(dc_), q(g_), q(d_act_, 0));
    binary(multiply_, q(dc_), q(c_prev_), q(d_act_, 1));
    binary(multiply_, q(dc_), q(act_, 0), q(dg_));
    binary(multiply_, q(dc_), q(act_, 1), q(dc_prev_));
    derivative(sigmoid_backward_, view(gates_, 0, 3 * q_), view(d_act_, 0, 3 * q_), view(d_gates_, 0, 3 * q_));
    derivative(tanh_backward_, q(gates_, 3), q(dg_), q(d_gates_, 3));
    stream_.wait();
  }

  std::string check(int samples, double& max_error) override {
    ErrorCheck errors("the LSTM cell");
    for (const std::int64_t j : sample_indices(q_, samples)) {
      const LstmCellReference cell(gates_.values[j], gates_.values[q_ + j], gates_.values[2 * q_ + j],
                                   gates_.values[3 * q_ + j], c_prev_.values[j], dh_.values[j]);
      errors.compare("hidden state", j, h_.values[j], cell.h);
      errors.compare("previous cell's gradient", j, dc_prev_.values[j], cell.dc_prev);
      errors.compare("input gate's gradient", j, d_gates_.values[j], cell.d_input_gate);
      errors.compare("candidate's gradient", j, d_gates_.values[3 * q_ + j], cell.d_candidate);
    }
    return errors.result(max_error);
  }

  void spoil_result() override { h_.values[sample_indices(q_, 1).front()] += 1.f; }

 private:
  std::int64_t q_;
  Buffer gates_, act_, g_, c_prev_, fc_, ig_, c_, tanh_c_, h_, dh_, d_act_, d_tanh_c_, dc_, dg_, dc_prev_, d_gates_;
  dnnl::eltwise_forward sigmoid_, tanh_;
  dnnl::eltwise_backward sigmoid_backward_, tanh_backward_;
  dnnl::binary multiply_, add_;
};

}  // namespace

std::unique_ptr<ArithmeticRun> make_pool_run(std::int64_t& elements);
std::unique_ptr<ArithmeticRun> make_attention_reshape_run(std::int64_t& elements);
std::unique_ptr<ArithmeticRun> make_norm_run(const std::string& kind, std::int64_t& elements);
std::unique_ptr<ArithmeticRun> make_cast_run(std::int64_t elements);

std::unique_ptr<ArithmeticRun> make_arithmetic_run(const std::string& kind, std::int64_t& elements) {
  if (kind == "pool") return make_pool_run(elements);
  if (kind == "attention_reshape") return make_attention_reshape_run(elements);
  if (kind == "cast") return make_cast_run(elements);
  if (auto norm = make_norm_run(kind, elements)) return norm;
  if (kind == "lstm_gate") {
    const std::int64_t q = std::max<std::int64_t>(1, elements / 4);
    elements = 4 * q;
    return std::make_unique<LstmCellRun>(q);
  }
  if (const ActivationMath* math = activation_math(kind)) return std::make_unique<ActivationRun>(*math, elements);
  throw std::invalid_argument("no arithmetic probe for " + kind);
}

}  // namespace advise::detail
