// The from-specs GPU step: per-architecture efficiencies, the shape's share of them (tile fill,
// K depth), and data parallel with bucketed, partly overlapped all-reduce.

#include <algorithm>
#include <cmath>
#include <boost/test/unit_test.hpp>

#include "advisor/predict/gpu_roofline.hpp"
#include "advisor/predict/gpu_step.hpp"
#include "advisor/predict/uncertainty.hpp"

#include "tests/support/invented_constants.hpp"
#include "tests/support/invented_hardware.hpp"

using namespace advise;
using advise::testing::invented_constants;
using advise::testing::invented_gpu;
using advise::testing::one_gemm_workload;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(gpu_architecture)

BOOST_AUTO_TEST_CASE(a_gemm_runs_at_its_architectures_tensor_or_fp32_efficiency) {
  PredictionConstants constants = invented_constants();
  constants.architectures["hopper"] = {0.4, 0.8, 0.5, "test"};
  GpuSpec gpu = invented_gpu();  // 100 TFLOP/s fp32, 64 SMs
  gpu.architecture = "hopper";
  gpu.peak_flops["fp16"] = 800e12;
  const GemmShape shape{8192, 8192, 8192, false, false, "fp32"};  // 4096 tiles: full waves, full tiles
  const WorkloadGemm fp32{"layer[1]", GemmRole::forward, shape, 1};
  BOOST_TEST(gpu_gemm_seconds(fp32, gpu, constants) == shape.flops() / (100e12 * 0.8), tt::tolerance(1e-12));
  WorkloadGemm fp16 = fp32;
  fp16.shape.dtype = "fp16";
  BOOST_TEST(gpu_gemm_seconds(fp16, gpu, constants) == shape.flops() / (800e12 * 0.4), tt::tolerance(1e-12));
  // A GPU of an architecture without constants gets [prediction]'s.
  gpu.architecture = "unknown";
  BOOST_TEST(gpu_gemm_seconds(fp32, gpu, constants) == shape.flops() / (100e12 * constants.gemm_efficiency),
             tt::tolerance(1e-12));
  // A precision whose rate is the fp32 rate does not run on tensor cores.
  BOOST_TEST(!uses_tensor_cores("tf32", invented_gpu()));
  BOOST_TEST(uses_tensor_cores("fp16", gpu));
}

BOOST_AUTO_TEST_CASE(tf32_runs_at_its_own_share_where_the_architecture_has_one) {
  PredictionConstants constants = invented_constants();
  constants.architectures["ampere"] = {0.4, 0.8, 0.5, "test", 0.6};
  GpuSpec gpu = invented_gpu();  // 100 TFLOP/s fp32
  gpu.architecture = "ampere";
  gpu.peak_flops["tf32"] = 400e12;
  gpu.peak_flops["fp16"] = 800e12;
  BOOST_TEST(architecture_gemm_efficiency("tf32", gpu, constants) == 0.6);
  BOOST_TEST(architecture_gemm_efficiency("fp16", gpu, constants) == 0.4);
  constants.architectures["ampere"].tf32_efficiency = 0;  // none fitted: the tensor share
  BOOST_TEST(architecture_gemm_efficiency("tf32", gpu, constants) == 0.4);
}

BOOST_AUTO_TEST_CASE(a_bigger_tensor_peak_and_less_power_per_sm_lower_the_share) {
  PredictionConstants constants = invented_constants();
  constants.architectures["ampere"] = {0.4, 0.8, 0.5, "test"};
  GpuSpec gpu = invented_gpu();  // 100 TFLOP/s fp32, 64 SMs
  gpu.architecture = "ampere";
  gpu.peak_flops["fp16"] = 400e12;
  gpu.tdp_watts = 128;  // 2 W per SM
  BOOST_TEST(tensor_peak_scale("fp16", gpu, constants) == 1.0);  // constants 0: not applied
  constants.peak_exponent = 0.5;
  constants.peak_reference_flops = 100e12;
  BOOST_TEST(tensor_peak_scale("fp16", gpu, constants) == 0.5, tt::tolerance(1e-12));  // (100/400)^0.5
  BOOST_TEST(architecture_gemm_efficiency("fp16", gpu, constants) == 0.2, tt::tolerance(1e-12));
  constants.power_reference_watts_per_sm = 4;
  constants.power_exponent = 1.0 / 3;
  BOOST_TEST(tensor_peak_scale("fp16", gpu, constants) == 0.5 * std::cbrt(0.5), tt::tolerance(1e-12));
  gpu.tdp_watts = 64 * 8.0;  // above the reference: the clock is not held lower
  BOOST_TEST(tensor_peak_scale("fp16", gpu, constants) == 0.5, tt::tolerance(1e-12));
  // fp32 on CUDA cores keeps its architecture's constant.
  BOOST_TEST(architecture_gemm_efficiency("fp32", gpu, constants) == 0.8);
}

BOOST_AUTO_TEST_CASE(a_geforce_boards_halved_tensor_rate_is_a_ceiling_not_the_base_of_the_share) {
  GpuSpec gpu = invented_gpu();  // 100 TFLOP/s fp32
  gpu.peak_flops["fp16"] = 200e12;
  BOOST_TEST(library_peak_flops("fp16", gpu) == 200e12);
  BOOST_TEST(achievable_flops("fp16", gpu, 0.3) == 60e12, tt::tolerance(1e-12));
  gpu.tensor_rate_halved = true;  // the SMs do 400 TFLOP/s; the board allows 200
  BOOST_TEST(library_peak_flops("fp16", gpu) == 400e12);
  BOOST_TEST(achievable_flops("fp16", gpu, 0.3) == 120e12, tt::tolerance(1e-12));
  BOOST_TEST(achievable_flops("fp16", gpu, 0.8) == 200e12);  // capped at the listed rate
  BOOST_TEST(library_peak_flops("fp32", gpu) == 100e12);     // CUDA-core fp32 is not halved
  // A measured efficiency is a share of the same full rate it is applied to.
  const GemmShape shape{8192, 8192, 8192, false, false, "fp16"};
  const double seconds = shape.flops() / 120e12;
  BOOST_TEST(implied_library_efficiency(shape, seconds, gpu, invented_constants()) == 0.3, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(partly_filled_tiles_and_short_k_loops_lower_the_efficiency) {
  PredictionConstants constants = invented_constants();  // 128 x 128 tiles
  BOOST_TEST(tile_fill({256, 256, 64, false, false, "fp32"}, constants) == 1.0);
  BOOST_TEST(tile_fill({192, 64, 64, false, false, "fp32"}, constants) == 192.0 * 64 / (256.0 * 128),
             tt::tolerance(1e-12));
  BOOST_TEST(depth_efficiency(64, 0.0) == 1.0);  // k_half 0: no penalty
  BOOST_TEST(depth_efficiency(64, 64.0) == 0.5);
  BOOST_TEST(depth_efficiency(4032, 64.0) == 4032.0 / 4096, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_weight_gradient_summed_over_its_calls_runs_as_one_deeper_gemm) {
  PredictionConstants constants = invented_constants();
  constants.gemm_k_half = 64;  // so that a shallow K costs something
  const GpuSpec gpu = invented_gpu();
  // An LSTM's recurrent dW: 32 time steps of K = batch 128, summed.
  WorkloadGemm per_step{"layer[1]", GemmRole::dW, {4096, 1024, 128, true, false, "fp32"}, 64};
  per_step.summed_calls = 32;  // two layers' worth: 64 calls, 32 per weight
  WorkloadGemm deep = per_step;
  deep.shape.k = 128 * 32;
  deep.count = 2;
  deep.summed_calls = 1;
  BOOST_TEST(gpu_gemm_seconds(per_step, gpu, constants) == gpu_gemm_seconds(deep, gpu, constants),
             tt::tolerance(1e-12));
  WorkloadGemm unsummed = per_step;
  unsummed.summed_calls = 1;
  BOOST_TEST(gpu_gemm_seconds(unsummed, gpu, constants) > 1.3 * gpu_gemm_seconds(deep, gpu, constants));
  WorkloadGemm forward = per_step;  // only a weight gradient is summed
  forward.role = GemmRole::forward;
  BOOST_TEST(gpu_gemm_seconds(forward, gpu, constants) == gpu_gemm_seconds(unsummed, gpu, constants),
             tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(the_k_a_gemm_needs_grows_with_the_gpus_ridge_point) {
  PredictionConstants constants = invented_constants();
  constants.gemm_k_half = 64;
  GpuSpec gpu;
  gpu.bandwidth_bytes_per_s = 1e12;
  gpu.peak_flops = {{"fp32", 20e12}, {"fp16", 200e12}};
  BOOST_TEST(gemm_k_half("fp16", gpu, constants) == 64.0);  // no ridge exponent: the same K everywhere
  constants.gemm_k_half_ridge_exponent = 1;
  constants.gemm_k_half_reference_ridge = 100;
  BOOST_TEST(gemm_k_half("fp16", gpu, constants) == 128.0, tt::tolerance(1e-12));  // 200 flops per byte
  BOOST_TEST(gemm_k_half("fp32", gpu, constants) == 12.8, tt::tolerance(1e-12));   // 20 flops per byte
  gpu.bandwidth_bytes_per_s = 2e12;  // twice the bandwidth: half the K
  BOOST_TEST(gemm_k_half("fp16", gpu, constants) == 64.0, tt::tolerance(1e-12));
}

// A forward GEMM and its input gradient (as long), with `gradient_bytes` of gradients to all-reduce.
Workload backward_workload(double gradient_bytes) {
  const GemmShape shape{8192, 8192, 8192, false, false, "fp32"};
  Workload w = one_gemm_workload(shape, 0, 1);
  w.gemms.push_back({"layer[1]", GemmRole::dX, shape, 1});
  w.memory.gradients = static_cast<std::int64_t>(gradient_bytes);
  return w;
}

BOOST_AUTO_TEST_CASE(the_backward_pass_hides_its_overlap_share_of_the_all_reduce_but_never_the_last_bucket) {
  PredictionConstants constants = invented_constants();
  constants.allreduce_bucket_bytes = 1e9;
  const GpuSpec gpu = invented_gpu();  // 200 GB/s interconnect: 100 GB/s one way, x0.7
  const double gemm_s = 8192.0 * 8192 * 8192 * 2 / (100e12 * constants.gemm_efficiency);  // each GEMM, one GPU
  const double link = 200e9 / 2 * constants.allreduce_efficiency;
  for (const double overlap : {0.0, 0.5, 1.0}) {
    constants.allreduce_overlap = overlap;
    const Workload w = backward_workload(8e9);  // 8 buckets: 2·3/4·8e9 / link
    const StepEstimate four = predict_gpu_from_specs(w, gpu, constants, {4, false});
    const double allreduce = 2.0 * 3 / 4 * 8e9 / link;
    const double last_bucket = 2.0 * 3 / 4 * 1e9 / link;
    const double exposed = std::max(allreduce - overlap * gemm_s / 4, last_bucket);
    BOOST_TEST(four.allreduce_seconds == allreduce, tt::tolerance(1e-12));
    BOOST_TEST(four.seconds == 2 * gemm_s / 4 + exposed, tt::tolerance(1e-9));
    BOOST_TEST(four.scaling_efficiency == (2 * gemm_s / 4) / four.seconds, tt::tolerance(1e-9));
  }
  // One GPU: no all-reduce and no scaling efficiency to report.
  BOOST_TEST(predict_gpu_from_specs(backward_workload(8e9), gpu, constants).scaling_efficiency == 0.0);
}

BOOST_AUTO_TEST_CASE(over_pcie_the_band_reaches_the_slowest_hosts_all_reduce_with_nothing_hidden) {
  PredictionConstants constants = invented_constants();
  constants.allreduce_bucket_bytes = 1e9;
  constants.allreduce_overlap = 1.0;  // the central figure hides all but the last bucket
  constants.allreduce_slow_share = 0.05;
  GpuSpec gpu = invented_gpu();  // 200 GB/s: 100 GB/s one way
  gpu.interconnect = "PCIe 4.0 x16";
  const double gemm_s = 8192.0 * 8192 * 8192 * 2 / (100e12 * constants.gemm_efficiency);
  const double alone = 2 * gemm_s / 4;
  const double slow = 2.0 * 3 / 4 * 8e9 / (100e9 * 0.05);
  const StepEstimate four = predict_gpu_from_specs(backward_workload(8e9), gpu, constants, {4, false});
  BOOST_TEST(four.high == alone * prediction::kSpecsHighFactor + slow, tt::tolerance(1e-9));
  BOOST_TEST(four.high > four.seconds * prediction::kSpecsHighFactor);  // here the slow host binds
  BOOST_TEST(four.low == four.seconds * prediction::kSpecsLowFactor, tt::tolerance(1e-12));  // the fast end stays
  BOOST_TEST(four.scaling_efficiency_low == alone / (alone + slow), tt::tolerance(1e-9));
  BOOST_TEST(four.scaling_efficiency_low < four.scaling_efficiency);

  // A fast enough host never narrows the band below the one-GPU band's.
  constants.allreduce_slow_share = 1.0;
  const StepEstimate fast = predict_gpu_from_specs(backward_workload(8e9), gpu, constants, {4, false});
  BOOST_TEST(fast.high == fast.seconds * prediction::kSpecsHighFactor, tt::tolerance(1e-12));
  BOOST_TEST(fast.scaling_efficiency_low <= fast.scaling_efficiency);

  // NVLink does not pass through the host; a catalog without the share widens nothing; one GPU
  // has no all-reduce.
  constants.allreduce_slow_share = 0.05;
  gpu.interconnect = "NVLink 4";
  const StepEstimate nvlink = predict_gpu_from_specs(backward_workload(8e9), gpu, constants, {4, false});
  BOOST_TEST(nvlink.high == nvlink.seconds * prediction::kSpecsHighFactor, tt::tolerance(1e-12));
  BOOST_TEST(nvlink.scaling_efficiency_low == nvlink.scaling_efficiency);
  gpu.interconnect = "PCIe 4.0 x16";
  constants.allreduce_slow_share = 0;
  const StepEstimate unset = predict_gpu_from_specs(backward_workload(8e9), gpu, constants, {4, false});
  BOOST_TEST(unset.high == unset.seconds * prediction::kSpecsHighFactor, tt::tolerance(1e-12));
  constants.allreduce_slow_share = 0.05;
  const StepEstimate one = predict_gpu_from_specs(backward_workload(8e9), gpu, constants);
  BOOST_TEST(one.high == one.seconds * prediction::kSpecsHighFactor, tt::tolerance(1e-12));
  BOOST_TEST(one.scaling_efficiency_low == 0.0);
}

BOOST_AUTO_TEST_CASE(each_bucket_pays_the_rings_latency) {
  PredictionConstants constants = invented_constants();
  constants.allreduce_bucket_bytes = 1e6;
  constants.allreduce_latency_seconds = 10e-6;
  const StepEstimate two = predict_gpu_from_specs(backward_workload(4e6), invented_gpu(), constants, {2, false});
  const double link = 200e9 / 2 * constants.allreduce_efficiency;
  BOOST_TEST(two.allreduce_seconds == 4e6 / link + 4 * 2 * 1 * 10e-6, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(an_lstms_per_step_weight_gradient_sum_is_not_gpu_work) {
  Workload w = one_gemm_workload({64, 64, 64, false, false, "fp32"}, 1e9, 1);
  const double without = predict_gpu_from_specs(w, invented_gpu(), invented_constants()).memory_seconds;
  w.memory_traffic.push_back({TrafficKind::recurrent_weight_gradient, 5e9, 1e9});
  BOOST_TEST(predict_gpu_from_specs(w, invented_gpu(), invented_constants()).memory_seconds == without);
}

BOOST_AUTO_TEST_SUITE_END()
