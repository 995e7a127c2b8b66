#include "cpu_gemm_runner.hpp"
#include "operand_values.hpp"

#include <cstring>
#include <limits>
#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>

#include "system_blas.hpp"

namespace advise {
namespace {

using dnnl::memory;

// Operand values (operand_values.hpp), filled in parallel.
std::vector<float> random_operand(std::int64_t count, std::uint64_t seed, bool low_precision) {
  std::vector<float> values(static_cast<std::size_t>(count));
  const std::uint32_t keep = low_precision ? kLowPrecisionMask : kFullPrecisionMask;
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < count; ++i) {
    values[static_cast<std::size_t>(i)] = operand_value(static_cast<std::uint64_t>(i), seed, keep);
  }
  return values;
}

// Row-major fp32 through dnnl_sgemm; the transposed flags select how A and B are stored.
class SgemmRun : public CpuGemmRun {
 public:
  SgemmRun(const GemmShape& shape, std::string note) : shape_(shape) {
    a_ = random_operand(shape.m * shape.k, 1, false);
    b_ = random_operand(shape.k * shape.n, 2, false);
    c_.assign(static_cast<std::size_t>(shape.m * shape.n), 0.0f);
    dtype_run_ = "fp32";
    note_ = std::move(note);
    library_ = "dnnl_sgemm";
  }
  void execute() override {
    const GemmShape& s = shape_;
    const dnnl_dim_t lda = s.a_transposed ? s.m : s.k;
    const dnnl_dim_t ldb = s.b_transposed ? s.k : s.n;
    const dnnl_status_t status = dnnl_sgemm(s.a_transposed ? 'T' : 'N', s.b_transposed ? 'T' : 'N', s.m, s.n, s.k,
                                            1.0f, a_.data(), lda, b_.data(), ldb, 0.0f, c_.data(), s.n);
    if (status != dnnl_success) throw dnnl::error(status, "dnnl_sgemm");
  }
  float* result() override { return c_.data(); }

 private:
  GemmShape shape_;
  std::vector<float> c_;
};

// Row-major fp32 through the system BLAS's column-major sgemm_: a row-major C = A·B
// is the column-major Cᵀ = Bᵀ·Aᵀ, so the operands swap places, as frameworks call it.
class SystemBlasRun : public CpuGemmRun {
 public:
  SystemBlasRun(const GemmShape& shape, const SystemBlas& blas, std::string note) : shape_(shape), blas_(blas) {
    constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
    if (shape.m > kIntMax || shape.n > kIntMax || shape.k > kIntMax) {
      throw std::runtime_error("a dimension exceeds the BLAS's 32-bit integers");
    }
    a_ = random_operand(shape.m * shape.k, 1, false);
    b_ = random_operand(shape.k * shape.n, 2, false);
    c_.assign(static_cast<std::size_t>(shape.m * shape.n), 0.0f);
    dtype_run_ = "fp32";
    note_ = std::move(note);
    library_ = "system BLAS " + blas.path;
  }
  void execute() override {
    const GemmShape& s = shape_;
    const int m = static_cast<int>(s.m), n = static_cast<int>(s.n), k = static_cast<int>(s.k);
    const int lda = static_cast<int>(s.a_transposed ? s.m : s.k);
    const int ldb = static_cast<int>(s.b_transposed ? s.k : s.n);
    const char transa = s.a_transposed ? 'T' : 'N';
    const char transb = s.b_transposed ? 'T' : 'N';
    const float one = 1.0f, zero = 0.0f;
    blas_.sgemm(&transb, &transa, &n, &m, &k, &one, b_.data(), &ldb, a_.data(), &lda, &zero, c_.data(), &n);
  }
  float* result() override { return c_.data(); }

 private:
  GemmShape shape_;
  const SystemBlas& blas_;
  std::vector<float> c_;
};

memory::desc matrix_desc(std::int64_t rows, std::int64_t cols, bool transposed, memory::data_type type) {
  return memory::desc({rows, cols}, type, transposed ? memory::format_tag::ba : memory::format_tag::ab);
}

// oneDNN matmul on plain operands, accumulating and writing fp32.
class MatmulRun : public CpuGemmRun {
 public:
  MatmulRun(const GemmShape& shape, memory::data_type operands, const std::string& dtype, std::string note)
      : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {
    const memory::desc a_desc = matrix_desc(shape.m, shape.k, shape.a_transposed, operands);
    const memory::desc b_desc = matrix_desc(shape.k, shape.n, shape.b_transposed, operands);
    const memory::desc c_desc = matrix_desc(shape.m, shape.n, false, memory::data_type::f32);
    const dnnl::matmul::primitive_desc descriptor(dnnl::matmul::desc(a_desc, b_desc, c_desc), engine_);
    matmul_ = dnnl::matmul(descriptor);
    a_memory_ = memory(a_desc, engine_);
    b_memory_ = memory(descriptor.weights_desc(), engine_);
    c_memory_ = memory(c_desc, engine_);
    const bool low_precision = operands != memory::data_type::f32;
    a_ = random_operand(shape.m * shape.k, 1, low_precision);
    b_ = random_operand(shape.k * shape.n, 2, low_precision);
    upload(a_, matrix_desc(shape.m, shape.k, shape.a_transposed, memory::data_type::f32), a_memory_);
    upload(b_, matrix_desc(shape.k, shape.n, shape.b_transposed, memory::data_type::f32), b_memory_);
    dtype_run_ = dtype;
    note_ = std::move(note);
    library_ = "oneDNN matmul";
  }
  void execute() override {
    matmul_.execute(stream_, {{DNNL_ARG_SRC, a_memory_}, {DNNL_ARG_WEIGHTS, b_memory_}, {DNNL_ARG_DST, c_memory_}});
    stream_.wait();
  }
  float* result() override { return static_cast<float*>(c_memory_.get_data_handle()); }

 private:
  // Converts plain fp32 values (laid out as `plain_f32`) into `target`, whatever its type and layout.
  void upload(const std::vector<float>& values, const memory::desc& plain_f32, memory& target) {
    memory source(plain_f32, engine_, const_cast<float*>(values.data()));
    dnnl::reorder(source, target).execute(stream_, source, target);
    stream_.wait();
  }

  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::matmul matmul_;
  memory a_memory_, b_memory_, c_memory_;
};

}  // namespace

std::vector<CpuGemmPath> candidate_paths(const GemmShape& shape, bool system_blas) {
  if (shape.dtype == "bf16" || shape.dtype == "fp16") return {CpuGemmPath::matmul};
  if (system_blas) return {CpuGemmPath::system_blas};
  return {CpuGemmPath::sgemm, CpuGemmPath::matmul};
}

std::unique_ptr<CpuGemmRun> prepare_cpu_gemm(const GemmShape& shape, CpuGemmPath path) {
  const std::string tf32_note = shape.dtype == "tf32" ? "CPUs have no tf32: measured fp32" : "";
  if (shape.dtype == "bf16" || shape.dtype == "fp16") {
    const bool bf16 = shape.dtype == "bf16";
    try {
      return std::make_unique<MatmulRun>(shape, bf16 ? memory::data_type::bf16 : memory::data_type::f16, shape.dtype,
                                         "");
    } catch (const dnnl::error&) {
      // No kernel for it here (oneDNN has bf16 from AVX-512 on): time what a framework falls back to.
      return std::make_unique<SgemmRun>(shape, shape.dtype + " has no oneDNN kernel on this CPU: measured fp32");
    }
  }
  if (path == CpuGemmPath::system_blas) {
    std::string reason;
    const SystemBlas* blas = system_blas(reason);
    if (!blas) throw std::runtime_error(reason);
    return std::make_unique<SystemBlasRun>(shape, *blas, tf32_note);
  }
  if (path == CpuGemmPath::sgemm) return std::make_unique<SgemmRun>(shape, tf32_note);
  return std::make_unique<MatmulRun>(shape, memory::data_type::f32, "fp32", tf32_note);
}

}  // namespace advise
