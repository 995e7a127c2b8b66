// Step-time predictions on invented measurements and specs.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "advisor/predict/cloud_cpu.hpp"
#include "advisor/predict/gpu_step.hpp"
#include "advisor/predict/this_cpu.hpp"
#include "advisor/predict/gpu_roofline.hpp"
#include "advisor/predict/uncertainty.hpp"
#include "advisor/workload/workload.hpp"

#include "tests/support/invented_constants.hpp"
#include "tests/support/invented_hardware.hpp"
#include "tests/support/invented_model.hpp"

using namespace advise;
using advise::testing::invented_constants;
using advise::testing::invented_gpu;
using advise::testing::invented_machine;
using advise::testing::one_gemm_workload;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(predict)

BOOST_AUTO_TEST_CASE(this_cpu_step_is_the_measured_gemms_plus_memory_passes) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 50e6, 5);
  const StepEstimate step = predict_this_cpu(w, invented_machine(w, 0.004), CpuFrameworkCosts{});
  BOOST_TEST(step.source == FigureSource::measured);
  BOOST_TEST(step.seconds == 0.004 + 50e6 / 50e9, tt::tolerance(1e-12));
  BOOST_TEST(step.low < step.seconds);
  BOOST_TEST(step.high > step.seconds);
}

BOOST_AUTO_TEST_CASE(a_large_gemm_on_a_gpu_runs_at_the_library_fraction_of_peak) {
  const GemmShape shape{8192, 8192, 8192, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  PredictionConstants constants = invented_constants();
  const GpuSpec gpu = invented_gpu();  // 64 tiles of 128x128 per 1024 rows: 4096 tiles fill 64 SMs exactly
  const StepEstimate step = predict_gpu_from_specs(w, gpu, constants);
  BOOST_TEST(step.source == FigureSource::specs);
  BOOST_TEST(step.seconds == shape.flops() / (100e12 * constants.gemm_efficiency), tt::tolerance(1e-12));
  BOOST_TEST(step.low == step.seconds * prediction::kSpecsLowFactor);
}

BOOST_AUTO_TEST_CASE(a_model_with_recurrent_layers_gets_the_wider_band_of_the_recurrent_calibration_rows) {
  using advise::testing::dense_layer;
  using advise::testing::lstm_layer;
  const std::vector<LayerDescription> recurrent_layers = {lstm_layer("layer[0]", 64, 64, 16),
                                                          dense_layer("layer[1]", 64, 10)};  // per time step
  using advise::testing::model_of;
  const Workload lstm = build_workload(model_of("lstm", 32, "adam", recurrent_layers));
  const Workload mlp = build_workload(model_of("mlp", 32, "adam", {dense_layer("layer[0]", 64, 10)}));
  const StepEstimate recurrent = predict_gpu_from_specs(lstm, invented_gpu(), invented_constants());
  const StepEstimate feed_forward = predict_gpu_from_specs(mlp, invented_gpu(), invented_constants());
  BOOST_TEST(recurrent.low == recurrent.seconds * prediction::kSpecsRecurrentLowFactor, tt::tolerance(1e-12));
  BOOST_TEST(recurrent.high == recurrent.seconds * prediction::kSpecsRecurrentHighFactor, tt::tolerance(1e-12));
  BOOST_TEST(feed_forward.low == feed_forward.seconds * prediction::kSpecsLowFactor, tt::tolerance(1e-12));
  BOOST_TEST(recurrent.note == "predicted from specs, with recurrent models' wider band");
  BOOST_TEST(feed_forward.note == "predicted from specs");
  BOOST_TEST(prediction::kSpecsRecurrentHighFactor / prediction::kSpecsRecurrentLowFactor >
             prediction::kSpecsHighFactor / prediction::kSpecsLowFactor);
}

BOOST_AUTO_TEST_CASE(a_gpu_outside_the_calibrated_boards_says_which_law_is_extrapolated) {
  const Workload w = one_gemm_workload({4096, 4096, 4096, false, false, "fp16"}, 0, 1);
  PredictionConstants constants = invented_constants();
  constants.calibrated_min_watts_per_sm = 2.08;
  constants.calibrated_max_tensor_flops = 989e12;
  GpuSpec inside = invented_gpu();
  inside.peak_flops["fp16"] = 400e12;
  inside.tdp_watts = 64 * 3.0;
  BOOST_TEST(predict_gpu_from_specs(w, inside, constants).note == "predicted from specs");
  GpuSpec frugal = inside;
  frugal.tdp_watts = 64 * 1.25;  // an L4-like 1.25 W per SM
  BOOST_TEST(predict_gpu_from_specs(w, frugal, constants).note ==
             "predicted from specs; its 1.25 W per SM is below the calibrated boards' 2.08 W: the clock law is extrapolated");
  GpuSpec beyond = inside;
  beyond.peak_flops["fp16"] = 2250e12;
  BOOST_TEST(predict_gpu_from_specs(w, beyond, constants).note ==
             "predicted from specs; its 2250 TFLOP/s 16-bit peak is above the calibrated boards' 989: the peak law is "
             "extrapolated");
  constants.calibrated_min_watts_per_sm = constants.calibrated_max_tensor_flops = 0;  // range unknown: no claim
  BOOST_TEST(predict_gpu_from_specs(w, frugal, constants).note == "predicted from specs");
}

BOOST_AUTO_TEST_CASE(a_gpu_without_units_for_the_steps_precision_says_so) {
  const GemmShape shape{4096, 4096, 4096, false, false, "bf16"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  GpuSpec volta = invented_gpu();  // fp32 only
  BOOST_TEST(predict_gpu_from_specs(w, volta, invented_constants()).note ==
             "predicted from specs; it has no bf16 units: its bf16 GEMMs run at its fp32 rate");
  volta.peak_flops["fp16"] = 8 * volta.peak_flops.at("fp32");
  BOOST_TEST(predict_gpu_from_specs(w, volta, invented_constants()).note ==
             "predicted from specs; it has no bf16 units: its bf16 GEMMs run at its fp32 rate "
             "(fp16 would use its tensor cores)");
  volta.peak_flops["bf16"] = volta.peak_flops.at("fp16");
  BOOST_TEST(predict_gpu_from_specs(w, volta, invented_constants()).note == "predicted from specs");
}

BOOST_AUTO_TEST_CASE(a_tiny_step_on_a_gpu_costs_at_least_its_kernel_launches) {
  const GemmShape shape{8, 8, 8, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 1000, 40);
  PredictionConstants constants = invented_constants();
  const StepEstimate step = predict_gpu_from_specs(w, invented_gpu(), constants);
  BOOST_TEST(step.seconds == 40 * constants.seconds_per_kernel, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_cloud_cpu_with_twice_the_peak_halves_a_large_gemm) {
  const GemmShape shape{4096, 4096, 4096, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  CpuSpec cpu;
  cpu.fp32_flops_per_cycle_per_core = 64;
  cpu.all_core_clock_hz = 250e9 / 64;  // 250 GFLOP/s per core, as here
  cpu.socket_bandwidth_bytes_per_s = 100e9;
  cpu.threads_per_core = 2;
  const StepEstimate step = predict_cloud_cpu(w, invented_machine(w, 0.5), cpu, 8, CpuFrameworkCosts{});  // 4 cores
  BOOST_TEST(step.source == FigureSource::scaled);
  BOOST_TEST(step.seconds == 0.25, tt::tolerance(1e-12));
}

// AMX-like bf16 here (8x the fp32 peak). Each bf16 GEMM keeps its fraction of the peak of the
// units bf16 runs on, here and there: a CPU without bf16 units runs it at its fp32 rate.
BOOST_AUTO_TEST_CASE(a_cloud_cpu_scales_bf16_gemms_by_the_peak_of_its_bf16_units) {
  const GemmShape shape{4096, 4096, 4096, false, false, "bf16"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  MachineProfile profile = invented_machine(w, 0.5);
  profile.cpu.peak_flops["bf16"] = 4000e9;  // 2000 GFLOP/s per core here
  CpuSpec fma_only;
  fma_only.fp32_flops_per_cycle_per_core = fma_only.bf16_flops_per_cycle_per_core = 64;
  fma_only.all_core_clock_hz = 250e9 / 64;  // 250 GFLOP/s per core
  fma_only.socket_bandwidth_bytes_per_s = 100e9;
  fma_only.threads_per_core = 2;
  // 4 cores there at an eighth of a core's bf16 peak here: 0.5 s × 2 × 2000 / (4 × 250).
  const StepEstimate slower = predict_cloud_cpu(w, profile, fma_only, 8, CpuFrameworkCosts{});
  BOOST_TEST(slower.gemm_seconds == 2.0, tt::tolerance(1e-12));
  BOOST_TEST(slower.note.find("bf16 GEMMs run on slower units there (1x the fp32 peak) than here (8x)") !=
             std::string::npos, slower.note);
  // Their fraction of the tiles' peak need not be the FMAs': the band allows them less time there.
  BOOST_TEST(slower.low == slower.seconds * prediction::kScaledLowFactor / prediction::kUnitChangeFactor,
             tt::tolerance(1e-12));
  BOOST_TEST(slower.high == slower.seconds * prediction::kScaledHighFactor, tt::tolerance(1e-12));
  CpuSpec tiles = fma_only;
  tiles.bf16_flops_per_cycle_per_core = 512;  // 2000 GFLOP/s per core, as here
  const StepEstimate same = predict_cloud_cpu(w, profile, tiles, 8, CpuFrameworkCosts{});
  BOOST_TEST(same.gemm_seconds == 0.25, tt::tolerance(1e-12));
  BOOST_TEST(same.note.find("units there") == std::string::npos, same.note);
  BOOST_TEST(same.low == same.seconds * prediction::kScaledLowFactor, tt::tolerance(1e-12));
  // Dot products here against FMAs there: vector units both, within the scaled band.
  profile.cpu.peak_flops["bf16"] = 1000e9;  // 2x fp32, as AVX-512 dot products
  const StepEstimate vectors = predict_cloud_cpu(w, profile, fma_only, 8, CpuFrameworkCosts{});
  BOOST_TEST(vectors.gemm_seconds == 0.5 * 2 * 500 / (4 * 250), tt::tolerance(1e-12));
  BOOST_TEST(vectors.note.find("units there") == std::string::npos, vectors.note);
}

// A workload of one convolution's forward pass: its implicit GEMM, run as 2 groups.
Workload one_convolution_workload() {
  const ConvShape conv{8, 4, 10, 10, 6, 3, 1, 1, 2, "fp32"};
  Workload w = one_gemm_workload({800, 3, 18, false, true, "fp32"}, 0, 1);
  w.gemms[0].count = 2;
  w.gemms[0].convolution = true;
  w.gemms[0].conv = conv;
  return w;
}

ConvMeasurement measured_convolution(const ConvShape& shape, double seconds) {
  ConvMeasurement m;
  m.shape = shape;
  m.pass = ConvPass::forward;
  m.status = ProbeStatus::ok;
  m.verified = true;
  m.seconds_median = m.seconds_min = m.seconds_max = seconds;
  return m;
}

BOOST_AUTO_TEST_CASE(a_measured_convolution_replaces_its_implicit_gemms_on_this_cpu) {
  const Workload w = one_convolution_workload();
  MachineProfile profile = invented_machine(w, 0.004);
  // Not measured: both groups' implicit GEMMs.
  BOOST_TEST(predict_this_cpu(w, profile, {}).gemm_seconds == 0.008, tt::tolerance(1e-12));
  // Measured: one call of the convolution computes both groups.
  profile.convolutions.push_back(measured_convolution(w.gemms[0].conv, 0.005));
  BOOST_TEST(predict_this_cpu(w, profile, {}).gemm_seconds == 0.005, tt::tolerance(1e-12));
  // Another pass, another shape, or a result that was not checked does not count.
  profile.convolutions[0].pass = ConvPass::backward_data;
  BOOST_TEST(predict_this_cpu(w, profile, {}).gemm_seconds == 0.008, tt::tolerance(1e-12));
  profile.convolutions[0] = measured_convolution(w.gemms[0].conv, 0.005);
  profile.convolutions[0].shape.stride = 2;
  BOOST_TEST(predict_this_cpu(w, profile, {}).gemm_seconds == 0.008, tt::tolerance(1e-12));
  profile.convolutions[0] = measured_convolution(w.gemms[0].conv, 0.005);
  profile.convolutions[0].verified = false;
  BOOST_TEST(predict_this_cpu(w, profile, {}).gemm_seconds == 0.008, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_cloud_cpu_scales_the_measured_convolution) {
  const Workload w = one_convolution_workload();
  MachineProfile profile = invented_machine(w, 0.004);
  profile.cpu.peak_flops["fp32"] = 500e9;  // 250 GFLOP/s per core here
  profile.convolutions.push_back(measured_convolution(w.gemms[0].conv, 0.005));
  CpuSpec cpu;
  cpu.fp32_flops_per_cycle_per_core = 64;
  cpu.all_core_clock_hz = 500e9 / 64;  // twice as fast per core
  cpu.socket_bandwidth_bytes_per_s = 100e9;
  cpu.threads_per_core = 2;
  // 800 rows make 13 output tiles: both cores here, all 4 there, each twice as fast.
  BOOST_TEST(predict_cloud_cpu(w, profile, cpu, 8, {}).gemm_seconds == 0.00125, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(wave_quantisation_on_hand_computed_cases) {
  PredictionConstants constants = invented_constants();  // 128 x 128 output tiles
  BOOST_TEST(gemm_tiles({256, 256, 64, false, false, "fp32"}, constants) == 4);
  BOOST_TEST(gemm_tiles({129, 1, 64, false, false, "fp32"}, constants) == 2);
  BOOST_TEST(wave_efficiency(216, 108) == 1.0);                // two full waves
  BOOST_TEST(wave_efficiency(109, 108) == 109.0 / 216.0);      // one tile spills into a second wave
  BOOST_TEST(wave_efficiency(4, 108) == 4.0 / 108.0);
  BOOST_TEST(split_k(4, 8192, 108) == 16);   // limited by K / 512
  BOOST_TEST(split_k(4, 1 << 20, 108) == 27);  // limited by SMs / tiles
  BOOST_TEST(split_k(200, 8192, 108) == 1);  // enough tiles already
}

BOOST_AUTO_TEST_CASE(ring_all_reduce_moves_2_g_minus_1_over_g_of_the_gradients) {
  BOOST_TEST(ring_allreduce_seconds(1e9, 8, 100e9) == 2.0 * 7 / 8 * 1e9 / 100e9, tt::tolerance(1e-12));
  BOOST_TEST(ring_allreduce_seconds(1e9, 2, 100e9) == 1e9 / 100e9, tt::tolerance(1e-12));
  BOOST_TEST(ring_allreduce_seconds(1e9, 1, 100e9) == 0.0);
}

BOOST_AUTO_TEST_CASE(data_parallel_divides_the_work_and_adds_the_exposed_all_reduce) {
  const GemmShape shape{8192, 8192, 8192, false, false, "fp32"};
  Workload w = one_gemm_workload(shape, 0, 1);
  w.memory.gradients = 4'000'000'000;  // a large gradient, so the all-reduce shows
  PredictionConstants constants = invented_constants();
  const GpuSpec gpu = invented_gpu();
  const StepEstimate one = predict_gpu_from_specs(w, gpu, constants, {1, false});
  const StepEstimate four = predict_gpu_from_specs(w, gpu, constants, {4, false});
  const double allreduce = 2.0 * 3 / 4 * 4e9 / (200e9 / 2 * constants.allreduce_efficiency);
  BOOST_TEST(four.allreduce_seconds == allreduce, tt::tolerance(1e-12));
  // A forward-only GEMM has no backward pass to hide the all-reduce behind.
  BOOST_TEST(four.seconds == one.seconds / 4 + allreduce, tt::tolerance(1e-9));
}

namespace {

Measurement measured_gpu_gemm(const GemmShape& shape, double seconds) {
  Measurement measured;
  measured.status = ProbeStatus::ok;
  measured.verified = true;
  measured.shape = shape;
  measured.seconds_median = seconds;
  return measured;
}

// This machine with a GPU that timed `measured`.
MachineProfile profile_with_gpu_gemm(const Workload& w, const Measurement& measured) {
  MachineProfile profile = invented_machine(w, 1.0);
  profile.gpu = {true, ""};
  profile.gpu_gemms = {measured};
  return profile;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_local_gpus_measured_efficiency_transfers_to_another_gpu) {
  const GemmShape shape{8192, 8192, 8192, false, false, "fp32"};  // 4096 tiles: full waves on 64 SMs
  const Workload w = one_gemm_workload(shape, 0, 1);
  PredictionConstants constants = invented_constants();
  GpuSpec local = invented_gpu();  // 100 TFLOP/s, 64 SMs
  const Measurement measured = measured_gpu_gemm(shape, shape.flops() / (100e12 * 0.5));  // half of peak here
  MachineProfile profile = profile_with_gpu_gemm(w, measured);
  GpuSpec target = local;
  target.name = "G2";
  target.peak_flops["fp32"] = 200e12;
  const StepEstimate step = predict_gpu_transferred(w, target, profile, local, constants);
  BOOST_TEST(step.source == FigureSource::transferred);
  BOOST_TEST(step.seconds == measured.seconds_median / 2, tt::tolerance(1e-9));  // same efficiency, twice the peak
  BOOST_TEST(step.low < step.seconds);
  BOOST_TEST(step.high > step.seconds);
  // Without a measured GPU, the same call falls back to the specs.
  profile.gpu = {false, "no CUDA device"};
  BOOST_TEST(predict_gpu_transferred(w, target, profile, local, constants).source == FigureSource::specs);
}

// The tensor-core share measured here moves to a GPU with a smaller library peak by the peak law,
// as the from-specs constants were fitted: (400 / 200)^0.5 times the share there.
BOOST_AUTO_TEST_CASE(a_transferred_tensor_core_share_follows_the_peak_law) {
  const GemmShape shape{8192, 8192, 8192, false, false, "fp16"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  PredictionConstants constants = invented_constants();
  constants.peak_exponent = 0.5;
  constants.peak_reference_flops = 100e12;
  GpuSpec local = invented_gpu();
  local.peak_flops["fp16"] = 400e12;
  const MachineProfile profile =
      profile_with_gpu_gemm(w, measured_gpu_gemm(shape, shape.flops() / (400e12 * 0.2)));  // a fifth of peak here
  GpuSpec target = local;
  target.name = "G2";
  target.peak_flops["fp16"] = 200e12;  // still twice its fp32 peak: tensor cores
  const StepEstimate step = predict_gpu_transferred(w, target, profile, local, constants);
  BOOST_TEST(step.gemm_seconds == shape.flops() / (200e12 * 0.2 * std::sqrt(2.0)), tt::tolerance(1e-9));
  constants.peak_exponent = 0;  // without the law: the same share
  BOOST_TEST(predict_gpu_transferred(w, target, profile, local, constants).gemm_seconds ==
                 shape.flops() / (200e12 * 0.2), tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(fp32_gemms_cudnn_runs_are_tf32_where_the_gpu_has_it) {
  GpuSpec gpu = invented_gpu();
  WorkloadGemm conv{"layer[1]", GemmRole::forward, {64, 64, 64, false, true, "fp32"}, 1, 1, true};
  WorkloadGemm linear{"layer[2]", GemmRole::forward, {64, 64, 64, false, true, "fp32"}, 1, 1, false};
  WorkloadGemm lstm = linear;
  lstm.recurrent = true;
  WorkloadGemm half_lstm = lstm;
  half_lstm.shape.dtype = "fp16";
  BOOST_TEST(gpu_precision(conv, gpu) == "fp32");  // no tf32 units
  BOOST_TEST(gpu_precision(lstm, gpu) == "fp32");
  gpu.peak_flops["tf32"] = 400e12;
  BOOST_TEST(gpu_precision(conv, gpu) == "tf32");
  BOOST_TEST(gpu_precision(lstm, gpu) == "tf32");  // cuDNN's RNN, as its convolutions
  BOOST_TEST(gpu_precision(linear, gpu) == "fp32");  // cuBLAS: PyTorch keeps matmuls in fp32
  BOOST_TEST(gpu_precision(half_lstm, gpu) == "fp16");
  BOOST_TEST(gpu_run_shape(lstm, true).dtype == "tf32");
  BOOST_TEST(gpu_run_shape(lstm, true).m == 64);
}

BOOST_AUTO_TEST_CASE(an_lstms_gemms_are_marked_as_cudnn_runs_them) {
  using advise::testing::dense_layer;
  using advise::testing::lstm_layer;
  using advise::testing::model_of;
  const Workload w = build_workload(model_of("lstm", 32, "adam", {lstm_layer("layer[0]", 64, 64, 16),
                                                                   dense_layer("layer[1]", 64, 10)}));
  int recurrent = 0, dense = 0;
  for (const WorkloadGemm& gemm : w.gemms) (gemm.recurrent ? recurrent : dense) += 1;
  // The input projection forward and dW (the first layer needs no input gradient), the
  // recurrent GEMM forward, dX and dW.
  BOOST_TEST(recurrent == 5);
  BOOST_TEST(dense == 3);
}

// A GEMM measured here in fp32 on CUDA cores says nothing of a target that runs it in tf32 on
// tensor cores: that GEMM takes the target's calibrated constant, not the fp32 share.
BOOST_AUTO_TEST_CASE(a_share_measured_in_one_precision_is_not_moved_to_another) {
  const GemmShape shape{8192, 8192, 8192, false, false, "fp32"};
  Workload w = one_gemm_workload(shape, 0, 1);
  w.gemms[0].recurrent = true;
  const PredictionConstants constants = invented_constants();
  const GpuSpec local = invented_gpu();  // no tf32: the GEMM ran in fp32 here
  const MachineProfile profile = profile_with_gpu_gemm(w, measured_gpu_gemm(shape, shape.flops() / (100e12 * 0.9)));
  GpuSpec target = local;
  target.name = "G2";
  target.peak_flops["tf32"] = 400e12;
  const StepEstimate moved = predict_gpu_transferred(w, target, profile, local, constants);
  const StepEstimate specs = predict_gpu_from_specs(w, target, constants);
  BOOST_TEST(moved.gemm_seconds == specs.gemm_seconds, tt::tolerance(1e-9));
  // Nothing of it moved a measurement: labelled from specs, and the note says why.
  BOOST_TEST((moved.source == FigureSource::specs));
  BOOST_TEST(moved.low == specs.low, tt::tolerance(1e-12));
  BOOST_TEST(moved.note == specs.note + "; this machine's " + local.name +
                               " measured none of its GEMM FLOPs in the precision G2 runs them in", moved.note);
  // Half of the FLOPs measured in the precision the target runs them in: transferred, and says how much.
  Workload mixed = w;
  mixed.gemms.push_back(mixed.gemms[0]);
  mixed.gemms[1].layer = "layer[9]";
  mixed.gemms[1].recurrent = false;  // a matmul: fp32 on both
  const StepEstimate half = predict_gpu_transferred(mixed, target, profile, local, constants);
  BOOST_TEST((half.source == FigureSource::transferred));
  BOOST_TEST(half.note.find("for 50 % of the GEMM FLOPs (the rest from specs)") != std::string::npos, half.note);
  // A target without tf32 runs it in fp32 too: the measured share moves.
  GpuSpec fp32_target = local;
  fp32_target.name = "G3";
  fp32_target.peak_flops["fp32"] = 200e12;
  BOOST_TEST(predict_gpu_transferred(w, fp32_target, profile, local, constants).gemm_seconds ==
                 shape.flops() / (200e12 * 0.9), tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
