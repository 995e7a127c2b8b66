#include "cpu_probe.hpp"

#include <omp.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <random>

#include "statistics.hpp"
#include "verify.hpp"

namespace advise {
namespace {

using dnnl::memory;

memory::desc matrix_desc(std::int64_t rows, std::int64_t cols, bool transposed) {
  return memory::desc({rows, cols}, memory::data_type::f32,
                      transposed ? memory::format_tag::ba : memory::format_tag::ab);
}

void fill_uniform(float* data, std::int64_t count, std::uint64_t seed) {
  std::minstd_rand random(static_cast<std::uint32_t>(seed));
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (std::int64_t i = 0; i < count; ++i) data[i] = uniform(random);
}

Measurement failed(Measurement measurement, std::string reason) {
  measurement.status = ProbeStatus::failed;
  measurement.reason = std::move(reason);
  measurement.seconds_median = measurement.seconds_min = measurement.seconds_max = 0;
  return measurement;
}

}  // namespace

int set_cpu_threads(int threads) {
  if (threads > 0) omp_set_num_threads(threads);
  return omp_get_max_threads();
}

Measurement probe_cpu_gemm(const GemmShape& shape, double budget_s, const CpuProbeOptions& options) {
  Measurement measurement;
  measurement.device = "cpu";
  measurement.shape = shape;
  if (shape.dtype != "fp32") {
    measurement.reason = "the CPU probe measures fp32 only";
    return measurement;
  }
  const ProbeShape plan = plan_probe_shape(shape, options.limits);
  const GemmShape& run = plan.probed;
  measurement.probed = run;
  measurement.scale = plan.scale;

  try {
    dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    dnnl::stream stream(engine);
    const memory::desc a_desc = matrix_desc(run.m, run.k, run.a_transposed);
    const memory::desc b_desc = matrix_desc(run.k, run.n, run.b_transposed);
    const memory::desc c_desc = matrix_desc(run.m, run.n, false);
    const dnnl::matmul::primitive_desc matmul_desc(dnnl::matmul::desc(a_desc, b_desc, c_desc), engine);
    const dnnl::matmul matmul(matmul_desc);
    memory a(a_desc, engine), b(b_desc, engine), c(c_desc, engine);
    auto* a_data = static_cast<float*>(a.get_data_handle());
    auto* b_data = static_cast<float*>(b.get_data_handle());
    auto* c_data = static_cast<float*>(c.get_data_handle());
    fill_uniform(a_data, run.m * run.k, 1);
    fill_uniform(b_data, run.k * run.n, 2);

    const auto execute = [&] {
      matmul.execute(stream, {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, c}});
      stream.wait();
    };
    TimingPlan timing;
    timing.budget_s = budget_s;
    const std::vector<double> samples = time_per_call(execute, timing);
    const SampleSummary summary = summarize(samples);

    if (options.tamper) options.tamper(c_data, run.m * run.n);
    const VerifyResult check = verify_gemm_sampled(run, a_data, b_data, c_data, options.verify_samples, 7);
    measurement.max_relative_error = check.max_relative_error;
    if (!check.ok) return failed(measurement, check.reason);

    measurement.verified = true;
    measurement.status = ProbeStatus::ok;
    measurement.samples = static_cast<int>(samples.size());
    measurement.seconds_median = summary.median * plan.scale;
    measurement.seconds_min = summary.min * plan.scale;
    measurement.seconds_max = summary.max * plan.scale;
  } catch (const dnnl::error& e) {
    return failed(measurement, std::string("oneDNN error: ") + e.what());
  } catch (const std::bad_alloc&) {
    return failed(measurement, "out of memory for the probe's buffers");
  }
  return measurement;
}

}  // namespace advise
