#include "cpu_probe.hpp"

#include <omp.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "statistics.hpp"
#include "verify.hpp"

namespace advise {
namespace {

using dnnl::memory;

memory::desc matrix_desc(std::int64_t rows, std::int64_t cols, bool transposed, memory::data_type type) {
  return memory::desc({rows, cols}, type, transposed ? memory::format_tag::ba : memory::format_tag::ab);
}

// Values in [-1, 1] that are exactly representable in `type`, so the fp32
// reference sees the same operands oneDNN does.
std::vector<float> random_operand(std::int64_t count, std::uint64_t seed, memory::data_type type) {
  std::minstd_rand random(static_cast<std::uint32_t>(seed));
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> values(static_cast<std::size_t>(count));
  // Keeping 7 (bf16) or 10 (fp16) mantissa bits: truncating to 8 bits fits both.
  const std::uint32_t keep = type == memory::data_type::f32 ? 0xffffffffu : 0xffff0000u;
  for (auto& value : values) {
    value = uniform(random);
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    bits &= keep;
    std::memcpy(&value, &bits, sizeof bits);
  }
  return values;
}

// Writes fp32 values into a oneDNN memory of any type through a reorder.
void upload(const std::vector<float>& values, dnnl::memory& target, const memory::desc& layout,
            dnnl::engine& engine, dnnl::stream& stream) {
  memory::desc f32_layout = layout;
  f32_layout.data.data_type = dnnl_f32;
  dnnl::memory source(f32_layout, engine, const_cast<float*>(values.data()));
  dnnl::reorder(source, target).execute(stream, source, target);
  stream.wait();
}

struct DtypePlan {
  memory::data_type operands;
  std::string note;
};

// What oneDNN runs for a requested precision on this CPU.
DtypePlan operand_type(const std::string& dtype) {
  if (dtype == "bf16") return {memory::data_type::bf16, ""};
  if (dtype == "fp16") return {memory::data_type::f16, ""};
  if (dtype == "tf32") return {memory::data_type::f32, "CPUs have no tf32: measured fp32"};
  return {memory::data_type::f32, ""};
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
  if (shape.dtype != "fp32" && shape.dtype != "tf32" && shape.dtype != "bf16" && shape.dtype != "fp16") {
    measurement.reason = "the CPU probe measures fp32, tf32 (as fp32), bf16 and fp16, not " + shape.dtype;
    return measurement;
  }
  const ProbeShape plan = plan_probe_shape(shape, options.limits);
  GemmShape run = plan.probed;
  measurement.scale = plan.scale;
  DtypePlan type = operand_type(shape.dtype);

  try {
    dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    dnnl::stream stream(engine);
    // Low-precision operands accumulate and write fp32, as mixed-precision training reads them.
    const memory::desc c_desc = matrix_desc(run.m, run.n, false, memory::data_type::f32);
    const auto describe = [&](memory::data_type operands) {
      const memory::desc a_desc = matrix_desc(run.m, run.k, run.a_transposed, operands);
      const memory::desc b_desc = matrix_desc(run.k, run.n, run.b_transposed, operands);
      return dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_desc, b_desc, c_desc), engine);
    };
    dnnl::matmul::primitive_desc matmul_desc;
    try {
      matmul_desc = describe(type.operands);
    } catch (const dnnl::error& e) {
      if (type.operands == memory::data_type::f32) throw;
      // No native kernel for this precision here: time what a framework falls back to.
      type = {memory::data_type::f32, shape.dtype + " has no oneDNN kernel on this CPU: measured fp32"};
      matmul_desc = describe(type.operands);
    }
    run.dtype = type.operands == memory::data_type::f32 ? "fp32" : shape.dtype;
    measurement.probed = run;
    measurement.reason = type.note;
    const dnnl::matmul matmul(matmul_desc);
    memory a(matmul_desc.src_desc(), engine), b(matmul_desc.weights_desc(), engine), c(c_desc, engine);
    const std::vector<float> a_values = random_operand(run.m * run.k, 1, type.operands);
    const std::vector<float> b_values = random_operand(run.k * run.n, 2, type.operands);
    upload(a_values, a, matmul_desc.src_desc(), engine, stream);
    upload(b_values, b, matmul_desc.weights_desc(), engine, stream);
    const float* a_data = a_values.data();
    const float* b_data = b_values.data();
    auto* c_data = static_cast<float*>(c.get_data_handle());

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
