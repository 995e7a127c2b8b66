// Predictions and costs on invented measurements and specs.

#include <boost/test/unit_test.hpp>

#include "advisor/options.hpp"
#include "advisor/predict.hpp"
#include "advisor/prediction_constants.hpp"

using namespace advise;
namespace tt = boost::test_tools;

namespace {

Workload one_gemm_workload(const GemmShape& shape, double memory_bytes, std::int64_t kernels) {
  Workload w;
  w.model_name = "invented";
  w.gemms.push_back({"layer[1]", "forward", shape, 1});
  w.forward_flops = shape.flops();
  w.memory_bound_bytes = memory_bytes;
  w.kernels_per_step = kernels;
  w.steps_per_epoch = 100;
  w.epochs = 3;
  w.memory.weights = 1000;
  return w;
}

MachineProfile invented_machine(double gemm_seconds) {
  MachineProfile profile;
  profile.cpu.name = "Invented CPU";
  profile.cpu.cores = 2;
  profile.cpu.threads = 2;
  profile.cpu.threads_used = 2;
  profile.cpu.memory_bytes = 1LL << 34;
  profile.cpu.peak_flops["fp32"] = 500e9;
  profile.bandwidth = {50e9, 60e9, 0, 5, true, ProbeStatus::ok, ""};
  Measurement m;
  m.status = ProbeStatus::ok;
  m.verified = true;
  m.seconds_median = gemm_seconds;
  m.seconds_min = gemm_seconds * 0.95;
  m.seconds_max = gemm_seconds * 1.2;
  profile.gemms.push_back(m);
  return profile;
}

GpuSpec invented_gpu() {
  GpuSpec gpu;
  gpu.name = "G1";
  gpu.memory_bytes = 1LL << 34;
  gpu.bandwidth_bytes_per_s = 1e12;
  gpu.peak_flops["fp32"] = 100e12;
  return gpu;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(predict)

BOOST_AUTO_TEST_CASE(this_cpu_step_is_the_measured_gemms_plus_memory_passes) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 50e6, 5);
  const StepEstimate step = predict_this_cpu(w, distinct_shapes(w), invented_machine(0.004));
  BOOST_TEST(step.source == "measured");
  BOOST_TEST(step.seconds == 0.004 + 50e6 / 50e9, tt::tolerance(1e-12));
  BOOST_TEST(step.low < step.seconds);
  BOOST_TEST(step.high > step.seconds);
}

BOOST_AUTO_TEST_CASE(a_large_gemm_on_a_gpu_runs_at_the_library_fraction_of_peak) {
  const GemmShape shape{8192, 8192, 8192, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  const StepEstimate step = predict_gpu_from_specs(w, distinct_shapes(w), invented_gpu());
  BOOST_TEST(step.source == "specs");
  BOOST_TEST(step.seconds == shape.flops() / (100e12 * prediction::kGpuGemmEfficiency), tt::tolerance(1e-12));
  BOOST_TEST(step.low == step.seconds * prediction::kSpecsLowFactor);
}

BOOST_AUTO_TEST_CASE(a_tiny_step_on_a_gpu_costs_at_least_its_kernel_launches) {
  const GemmShape shape{8, 8, 8, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 1000, 40);
  const StepEstimate step = predict_gpu_from_specs(w, distinct_shapes(w), invented_gpu());
  BOOST_TEST(step.seconds == 40 * prediction::kGpuSecondsPerKernel, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_cloud_cpu_with_twice_the_peak_halves_a_large_gemm) {
  const GemmShape shape{4096, 4096, 4096, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  CpuSpec cpu;
  cpu.fp32_flops_per_cycle_per_core = 64;
  cpu.all_core_clock_hz = 250e9 / 64;  // 250 GFLOP/s per core, as here
  cpu.socket_bandwidth_bytes_per_s = 100e9;
  cpu.threads_per_core = 2;
  const StepEstimate step = predict_cloud_cpu(w, distinct_shapes(w), invented_machine(0.5), cpu, 8);  // 4 cores
  BOOST_TEST(step.source == "scaled");
  BOOST_TEST(step.seconds == 0.25, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(cloud_billing_rounds_up_to_whole_units_with_a_minimum) {
  BOOST_TEST(billed_usd(30, 3.6, 1, 60) == 0.06, tt::tolerance(1e-12));      // 60 s minimum
  BOOST_TEST(billed_usd(3601, 3.6, 3600, 60) == 7.2, tt::tolerance(1e-12));  // hourly billing
  BOOST_TEST(billed_usd(90.5, 3.6, 1, 60) == 0.091, tt::tolerance(1e-12));   // per second
}

BOOST_AUTO_TEST_CASE(options_carry_memory_fit_speedup_and_break_even) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  Workload w = one_gemm_workload(shape, 0, 1);
  w.memory.weights = 20LL << 30;  // 20 GiB: fits neither the 16 GiB GPU nor the 16 GiB machine
  Catalogs catalogs;
  catalogs.gpus.push_back(invented_gpu());
  Instance instance;
  instance.provider = "cloud";
  instance.name = "g1.small";
  instance.region = "r";
  instance.gpu = "G1";
  instance.gpu_count = 1;
  instance.usd_per_hour = 2.0;
  catalogs.instances.push_back(instance);
  catalogs.local = {0.25, 80, 2000, 3, ""};  // 0.02 $/h
  const std::vector<Option> options =
      build_options(w, distinct_shapes(w), invented_machine(0.004), catalogs, OptionSettings{});
  BOOST_REQUIRE_EQUAL(options.size(), 2u);
  const Option& cpu = options[0];
  const Option& gpu = options[1];
  BOOST_TEST(cpu.usd_per_hour == 0.02, tt::tolerance(1e-12));
  BOOST_TEST(!cpu.feasible);
  BOOST_TEST(cpu.infeasible_reason == "needs 20.0 GiB of memory, this machine has 16.0 GiB");
  BOOST_TEST(!gpu.feasible);
  BOOST_TEST(gpu.infeasible_reason == "needs 20.0 GiB of memory, one G1 has 16.0 GiB");
  BOOST_TEST(gpu.breakeven_speedup == 100.0, tt::tolerance(1e-9));
  BOOST_TEST(gpu.speedup_vs_cpu == cpu.step.seconds / gpu.step.seconds, tt::tolerance(1e-12));
  BOOST_TEST(gpu.run_seconds == gpu.step.seconds * 300, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_gpu_to_buy_costs_its_amortised_price_plus_power) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  Catalogs catalogs;
  GpuSpec gpu = invented_gpu();
  gpu.purchase_usd = 6000;
  gpu.tdp_watts = 200;
  catalogs.gpus.push_back(gpu);
  catalogs.local = {0.25, 80, 2000, 3, ""};
  OptionSettings settings;
  BOOST_TEST(build_options(w, distinct_shapes(w), invented_machine(0.004), catalogs, settings).size() == 1u);
  settings.include_buy = true;
  const std::vector<Option> options = build_options(w, distinct_shapes(w), invented_machine(0.004), catalogs, settings);
  BOOST_REQUIRE_EQUAL(options.size(), 2u);
  const Option& buy = options[1];
  BOOST_TEST(buy.kind == "buy");
  BOOST_TEST(buy.pricing == "local");
  // 6000 / (3 years x 2000 h) + (200 W + 80 W) x 0.25 $/kWh
  BOOST_TEST(buy.usd_per_hour == 1.0 + 0.07, tt::tolerance(1e-12));
  BOOST_TEST(buy.run_usd == buy.usd_per_hour * buy.run_seconds / 3600, tt::tolerance(1e-12));
  BOOST_TEST(buy.feasible);
}

BOOST_AUTO_TEST_SUITE_END()
