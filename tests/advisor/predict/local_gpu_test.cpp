// This machine's GPU: which GEMMs its probe times (in the precision the GPU runs them in) and
// the step those measurements give.

#include <boost/test/unit_test.hpp>

#include "advisor/predict/gpu_roofline.hpp"
#include "advisor/predict/local_gpu.hpp"
#include "advisor/workload/workload.hpp"

#include "tests/support/invented_constants.hpp"
#include "tests/support/invented_hardware.hpp"
#include "tests/support/invented_model.hpp"

using namespace advise;
using advise::testing::dense_layer;
using advise::testing::invented_constants;
using advise::testing::invented_machine;
using advise::testing::lstm_layer;
using advise::testing::model_of;
namespace tt = boost::test_tools;

namespace {

Workload lstm_and_dense() {
  return build_workload(model_of("lstm", 32, "adam", {lstm_layer("layer[0]", 64, 64, 16), dense_layer("layer[1]", 64, 10)}));
}

GpuFacts gpu_with_tf32(bool tf32) {
  GpuFacts gpu;
  gpu.name = "G";
  gpu.peak_flops = {{"fp32", 50e12}};
  if (tf32) gpu.peak_flops["tf32"] = 400e12;
  gpu.bandwidth_bytes_per_s = 2e12;
  return gpu;
}

// The spec advise makes of a GPU the catalog does not know.
GpuSpec spec_of(const GpuFacts& gpu) {
  GpuSpec spec;
  spec.name = gpu.name;
  spec.peak_flops = gpu.peak_flops;
  spec.bandwidth_bytes_per_s = gpu.bandwidth_bytes_per_s;
  spec.sm_count = 64;
  return spec;
}

// This machine with a GPU that timed every GEMM of `plan` at `flops_per_s`.
MachineProfile measured_everything(const Workload& w, const GpuFacts& gpu, double flops_per_s) {
  MachineProfile profile = invented_machine(w, 1.0);
  profile.gpu = {true, ""};
  profile.gpu_facts = gpu;
  for (const GemmShape& shape : gpu_probe_plan(w, gpu).shapes) {
    Measurement m;
    m.status = ProbeStatus::ok;
    m.verified = true;
    m.device = "gpu";
    m.shape = m.probed = shape;
    m.seconds_median = m.seconds_min = m.seconds_max = shape.flops() / flops_per_s;
    profile.gpu_gemms.push_back(m);
  }
  return profile;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(local_gpu)

BOOST_AUTO_TEST_CASE(the_probe_times_an_lstms_fp32_gemms_in_tf32_where_the_gpu_has_it) {
  const Workload w = lstm_and_dense();
  for (const bool tf32 : {true, false}) {
    const GpuGemmPlan plan = gpu_probe_plan(w, gpu_with_tf32(tf32));
    BOOST_REQUIRE_EQUAL(plan.shapes.size(), plan.weights.size());
    double planned_flops = 0, step_flops = 0;
    for (std::size_t i = 0; i < plan.shapes.size(); ++i) planned_flops += plan.weights[i];
    for (const WorkloadGemm& gemm : w.gemms) {
      step_flops += gemm.shape.flops() * static_cast<double>(gemm.count);
      const GemmShape run = gpu_run_shape(gemm, tf32);
      BOOST_TEST(run.dtype == (tf32 && gemm.recurrent ? "tf32" : "fp32"));
      // The recurrent weight gradient of all steps is one GEMM there, as cuDNN computes it.
      BOOST_TEST(run.k == gemm.shape.k * (gemm.role == GemmRole::dW ? gemm.summed_calls : 1));
      BOOST_TEST(std::count(plan.shapes.begin(), plan.shapes.end(), run) == 1);  // each once
    }
    BOOST_TEST(planned_flops == step_flops, tt::tolerance(1e-12));  // weights: the FLOPs per step
  }
}

BOOST_AUTO_TEST_CASE(the_measured_step_reads_each_gemm_in_the_precision_it_was_timed_in) {
  const Workload w = lstm_and_dense();
  const GpuFacts gpu = gpu_with_tf32(true);
  const MachineProfile profile = measured_everything(w, gpu, 10e12);
  BOOST_TEST(unmeasured_gpu_gemm(w, profile) == "");
  double flops = 0;
  for (const WorkloadGemm& gemm : w.gemms) flops += gemm.shape.flops() * static_cast<double>(gemm.count);
  const StepEstimate step = predict_this_gpu(w, profile, spec_of(gpu), invented_constants());
  BOOST_TEST(step.gemm_seconds == flops / 10e12, tt::tolerance(1e-9));
  // cuDNN sums the recurrent weight gradient in that GEMM: no per-step sum moves through memory.
  BOOST_TEST(step.memory_seconds < w.memory_bound_bytes / gpu.bandwidth_bytes_per_s);
  BOOST_TEST(step.note == "GEMMs timed with cuBLASLt on this GPU (the fp32 ones cuDNN runs in tf32, as PyTorch does)");
  BOOST_TEST(predict_this_gpu(w, measured_everything(w, gpu_with_tf32(false), 10e12), spec_of(gpu_with_tf32(false)),
                              invented_constants()).note ==
             "GEMMs timed with cuBLASLt on this GPU");
  // Measurements of the fp32 forms alone (another probe's) leave the tf32 ones unmeasured, and say which.
  const MachineProfile fp32_only = measured_everything(w, gpu_with_tf32(false), 10e12);
  MachineProfile mixed = fp32_only;
  mixed.gpu_facts = gpu;
  const std::string problem = unmeasured_gpu_gemm(w, mixed);
  BOOST_TEST(problem.find("tf32") != std::string::npos, problem);
  BOOST_TEST(problem.find("was not measured on this GPU: no measurement") != std::string::npos, problem);
}

// Attention's per-head GEMMs run as one batched kernel; the probe times one head, which fills a
// few of the SMs. Counted head by head, the measured step would be many times too slow.
BOOST_AUTO_TEST_CASE(a_batched_gemm_runs_its_instances_in_one_kernel_at_the_measured_efficiency) {
  Workload w;
  WorkloadGemm heads{"layer[0]", GemmRole::forward, {128, 128, 64, false, true, "fp16"}, 96, 96};
  w.gemms = {heads};
  w.kernels_per_step = 1;
  GpuFacts gpu = gpu_with_tf32(true);
  gpu.peak_flops["fp16"] = 800e12;
  gpu.bandwidth_bytes_per_s = 1e15;  // operands never the limit: the arithmetic below stays plain
  const GpuSpec local = spec_of(gpu);  // 64 SMs: one head's single 128x128 tile fills 1 of them
  PredictionConstants constants = invented_constants();
  constants.gemm_k_half = 0;  // no K-depth law: the arithmetic below stays plain
  MachineProfile profile = invented_machine(w, 1.0);
  profile.gpu = {true, ""};
  profile.gpu_facts = gpu;
  Measurement one_head;
  one_head.status = ProbeStatus::ok;
  one_head.verified = true;
  one_head.shape = one_head.probed = heads.shape;
  one_head.seconds_median = one_head.seconds_min = one_head.seconds_max = heads.shape.flops() / 5e12;
  profile.gpu_gemms = {one_head};
  const StepEstimate step = predict_this_gpu(w, profile, local, constants);
  // 5 TFLOP/s on one SM of 64 (wave efficiency 1/64): the library reaches 320 TFLOP/s of a full
  // wave; the 96 heads' tiles fill 2 waves of 64 SMs at 96/128.
  const double batched = 96 * heads.shape.flops() / (800e12 * (5e12 * 64 / 800e12) * (96.0 / 128.0));
  BOOST_TEST(step.gemm_seconds == batched, tt::tolerance(1e-9));
  BOOST_TEST(step.gemm_seconds < 96 * one_head.seconds_median / 10);
  BOOST_TEST(step.note.find("a batched GEMM's instance timed, the batch run in one kernel") != std::string::npos);
  // The same attention in two layers is two batched kernels, not one of twice the batch.
  Workload two_layers = w;
  two_layers.gemms[0].count = 2 * 96;
  BOOST_TEST(predict_this_gpu(two_layers, profile, local, constants).gemm_seconds == 2 * batched,
             tt::tolerance(1e-9));
  // A one-group convolution repeated three times is three kernels: each counts as timed.
  Workload convs;
  WorkloadGemm conv{"layer[1]", GemmRole::forward, heads.shape, 3, 1, true};
  conv.conv.groups = 1;
  convs.gemms = {conv};
  convs.kernels_per_step = 3;
  const StepEstimate repeated = predict_this_gpu(convs, profile, local, constants);
  BOOST_TEST(repeated.gemm_seconds == 3 * one_head.seconds_median, tt::tolerance(1e-9));
  BOOST_TEST(repeated.note.find("batched") == std::string::npos, repeated.note);
}

BOOST_AUTO_TEST_SUITE_END()
