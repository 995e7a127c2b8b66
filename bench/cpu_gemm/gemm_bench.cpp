// One library's GEMM throughput on a list of shapes, one JSON line per shape.
// bench/run-cpu-gemm runs it once per library, each in its own process (a
// process must not mix OpenBLAS's thread pool with oneDNN's OpenMP pool), and
// compares the results side by side. Every library's result is checked with
// the probe's sampled verification before its time counts.
//
//   gemm_bench LIBRARY DTYPE SECONDS_PER_SHAPE MxNxK[:NT] ...
//   LIBRARY: probe | dnnl_sgemm | onednn_matmul | openblas

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "probes/cpu_gemm_runner.hpp"
#include "probes/cpu_probe.hpp"
#include "probes/statistics.hpp"
#include "probes/timing.hpp"
#include "probes/verify.hpp"

#ifdef ADVISE_BENCH_OPENBLAS
#include <cblas.h>
#endif

using namespace advise;

namespace {

GemmShape parse_shape(const std::string& text, const std::string& dtype) {
  GemmShape shape;
  shape.dtype = dtype;
  long long m = 0, n = 0, k = 0;
  char a = 'N', b = 'N';
  const int fields = std::sscanf(text.c_str(), "%lldx%lldx%lld:%c%c", &m, &n, &k, &a, &b);
  if (fields != 3 && fields != 5) {
    std::fprintf(stderr, "gemm_bench: bad shape %s (expected MxNxK or MxNxK:NT)\n", text.c_str());
    std::exit(2);
  }
  shape.m = m;
  shape.n = n;
  shape.k = k;
  shape.a_transposed = a == 'T';
  shape.b_transposed = b == 'T';
  return shape;
}

#ifdef ADVISE_BENCH_OPENBLAS
class OpenblasRun : public CpuGemmRun {
 public:
  explicit OpenblasRun(const GemmShape& shape) : shape_(shape) {
    auto source = prepare_cpu_gemm({shape.m, shape.n, shape.k, shape.a_transposed, shape.b_transposed, "fp32"},
                                   CpuGemmPath::sgemm);  // the same operand values
    a_ = source->a();
    b_ = source->b();
    c_.assign(static_cast<std::size_t>(shape.m * shape.n), 0.0f);
    dtype_run_ = "fp32";
    library_ = "openblas";
  }
  void execute() override {
    const GemmShape& s = shape_;
    cblas_sgemm(CblasRowMajor, s.a_transposed ? CblasTrans : CblasNoTrans, s.b_transposed ? CblasTrans : CblasNoTrans,
                static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, a_.data(),
                static_cast<int>(s.a_transposed ? s.m : s.k), b_.data(), static_cast<int>(s.b_transposed ? s.k : s.n),
                0.0f, c_.data(), static_cast<int>(s.n));
  }
  float* result() override { return c_.data(); }

 private:
  GemmShape shape_;
  std::vector<float> c_;
};
#endif

std::unique_ptr<CpuGemmRun> prepare(const std::string& library, const GemmShape& shape) {
  if (library == "dnnl_sgemm") return prepare_cpu_gemm(shape, CpuGemmPath::sgemm);
  if (library == "onednn_matmul") return prepare_cpu_gemm(shape, CpuGemmPath::matmul);
#ifdef ADVISE_BENCH_OPENBLAS
  if (library == "openblas") return std::make_unique<OpenblasRun>(shape);
#endif
  std::fprintf(stderr, "gemm_bench: library %s is not available in this build\n", library.c_str());
  std::exit(2);
}

void report(const std::string& library, const GemmShape& shape, double seconds, bool verified, const std::string& note) {
  std::printf("{\"library\": \"%s\", \"m\": %lld, \"n\": %lld, \"k\": %lld, \"layout\": \"%c%c\", \"dtype\": \"%s\", "
              "\"seconds\": %.9g, \"gflops\": %.6g, \"verified\": %s, \"note\": \"%s\"}\n",
              library.c_str(), static_cast<long long>(shape.m), static_cast<long long>(shape.n),
              static_cast<long long>(shape.k), shape.a_transposed ? 'T' : 'N', shape.b_transposed ? 'T' : 'N',
              shape.dtype.c_str(), seconds, verified ? shape.flops() / seconds / 1e9 : 0.0, verified ? "true" : "false",
              note.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: gemm_bench probe|dnnl_sgemm|onednn_matmul|openblas fp32|bf16 SECONDS MxNxK[:NT] ...\n");
    return 2;
  }
  const std::string library = argv[1];
  const std::string dtype = argv[2];
  const double seconds = std::atof(argv[3]);
  set_cpu_threads(0);
  for (int i = 4; i < argc; ++i) {
    const GemmShape shape = parse_shape(argv[i], dtype);
    if (library == "probe") {
      // The probe's own path, whole shapes (no cut), as `advise` measures a shape.
      CpuProbeOptions options;
      options.limits.max_flops = 1e12;
      options.limits.max_bytes = 8LL << 30;
      const Measurement m = probe_cpu_gemm(shape, seconds, options);
      report(library, shape, m.seconds_median, m.verified, m.library);
      continue;
    }
    std::unique_ptr<CpuGemmRun> run = prepare(library, shape);
    TimingPlan plan;
    plan.budget_s = seconds;
    const SampleSummary summary = summarize(time_per_call([&] { run->execute(); }, plan));
    const VerifyResult check = verify_gemm_sampled(shape, run->a().data(), run->b().data(), run->result(), 64, 7);
    report(library, shape, summary.median, check.ok, check.ok ? "" : check.reason);
  }
  return 0;
}
