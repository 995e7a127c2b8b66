// Options and their costs on invented measurements and specs: billing, spot, memory fit,
// buy vs rent, and what every option carries.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "advisor/options/billing.hpp"
#include "advisor/options/buy_vs_rent.hpp"
#include "advisor/options/memory_fit.hpp"
#include "advisor/options/options.hpp"
#include "advisor/decide/decide.hpp"
#include "tests/support/invented_constants.hpp"
#include "tests/support/invented_hardware.hpp"

using namespace advise;
using advise::testing::invented_constants;
using advise::testing::invented_gpu;
using advise::testing::invented_machine;
using advise::testing::one_gemm_workload;
namespace tt = boost::test_tools;

namespace {

// Invented constants, this machine at 80 W and $0.25/kWh ($0.02/h, nothing to amortise), and
// the invented GPU G1; `price` > 0 adds a one-G1 cloud instance "g1.small" at that hourly price.
Catalogs invented_catalogs(double price) {
  Catalogs catalogs;
  catalogs.prediction = invented_constants();
  catalogs.local = LocalCosts{0.25, 80, 0, 2000, 3, ""};
  catalogs.gpus.push_back(invented_gpu());
  if (price > 0) {
    Instance instance;
    instance.provider = "cloud";
    instance.name = "g1.small";
    instance.region = "r";
    instance.gpu = "G1";
    instance.gpu_count = 1;
    instance.usd_per_hour = price;
    catalogs.instances.push_back(instance);
  }
  return catalogs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(options)

BOOST_AUTO_TEST_CASE(cloud_billing_rounds_up_to_whole_units_with_a_minimum) {
  BOOST_TEST(billed_usd(30, 3.6, 1, 60) == 0.06, tt::tolerance(1e-12));      // 60 s minimum
  BOOST_TEST(billed_usd(3601, 3.6, 3600, 60) == 7.2, tt::tolerance(1e-12));  // hourly billing
  BOOST_TEST(billed_usd(90.5, 3.6, 1, 60) == 0.091, tt::tolerance(1e-12));   // per second
}

BOOST_AUTO_TEST_CASE(options_carry_memory_fit_speedup_and_break_even) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  Workload w = one_gemm_workload(shape, 0, 1);
  w.memory.weights = 20LL << 30;  // 20 GiB: fits neither the 16 GiB GPU nor the 16 GiB machine
  const Catalogs catalogs = invented_catalogs(2.0);  // this machine: $0.02/h
  const std::vector<Option> options =
      build_options(w, invented_machine(w, 0.004), catalogs, CpuFrameworkCosts{}, OptionSettings{});
  BOOST_REQUIRE_EQUAL(options.size(), 2u);
  const Option& cpu = options[0];
  const Option& gpu = options[1];
  BOOST_TEST(cpu.usd_per_hour == 0.02, tt::tolerance(1e-12));
  BOOST_TEST(!cpu.feasible);
  BOOST_TEST(cpu.infeasible_reason == "needs 20.0 GiB of memory, this machine has 16.0 GiB");
  BOOST_TEST(!gpu.feasible);
  BOOST_TEST(gpu.infeasible_reason == "needs 20.0 GiB of memory, and one G1 has 16.0 GiB (at least 2 G1 GPUs sharded would hold it)");
  BOOST_TEST(gpu.gpus_needed_sharded == 2);
  // The CPU's run, 1.2 s at $0.02/h, costs $0.0000067; the cloud run's 300 s set-up alone costs
  // $0.17: no speedup brings it even.
  BOOST_TEST(std::isinf(gpu.breakeven_speedup));
  BOOST_TEST(gpu.run_seconds == gpu.step.seconds * 300, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(break_even_is_the_speedup_at_which_the_whole_bill_matches_this_cpus) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);  // 100 steps an epoch, 3 epochs
  Catalogs catalogs = invented_catalogs(0.5);  // this machine: 80 W at $0.25/kWh, $0.02/h
  catalogs.instances.front().billing_seconds = 60;
  catalogs.instances.front().minimum_billed_seconds = 60;
  OptionSettings settings;
  settings.setup_seconds = 30;
  // This CPU: 12 s a step, 300 steps: 3600 s, $0.02. That buys 144 s at $0.50/h, 120 s in
  // whole minutes, of which set-up takes 30: the GPU must train in 90 s, 40x faster.
  // (The hourly price ratio alone would say 25x.)
  const std::vector<Option> options = build_options(w, invented_machine(w, 12.0), catalogs, CpuFrameworkCosts{}, settings);
  BOOST_REQUIRE_EQUAL(options.size(), 2u);
  BOOST_TEST(options[0].run_usd == 0.02, tt::tolerance(1e-12));
  BOOST_TEST(options[0].breakeven_speedup == 1.0, tt::tolerance(1e-12));
  BOOST_TEST(options[1].breakeven_speedup == 40.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(an_instance_with_no_known_cpu_is_kept_and_left_out_with_its_reason) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  Catalogs catalogs;
  catalogs.prediction = invented_constants();
  Instance instance;
  instance.provider = "cloud";
  instance.name = "x9.large";
  instance.region = "r";
  instance.vcpus = 4;
  instance.usd_per_hour = 0.2;
  catalogs.instances.push_back(instance);
  catalogs.local = LocalCosts{0.25, 80, 0, 2000, 3, ""};
  const std::vector<Option> options =
      build_options(w, invented_machine(w, 0.004), catalogs, CpuFrameworkCosts{}, OptionSettings{});
  BOOST_REQUIRE_EQUAL(options.size(), 2u);
  const Option& left_out = options[1];
  BOOST_TEST(left_out.instance == "x9.large");
  BOOST_TEST(!left_out.feasible);
  BOOST_TEST(left_out.left_out_reason.find("unknown CPU model") == 0u);
  const Decision decision = decide(options, DecisionSettings{});
  BOOST_TEST(decision.ranked.back().instance == "x9.large");  // after every other option
  BOOST_TEST(decision.excluded.back().find("left out: unknown CPU model") == 0u);
}

BOOST_AUTO_TEST_CASE(a_gemm_that_failed_or_was_skipped_on_the_local_gpu_leaves_its_option_out) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  Catalogs catalogs;
  catalogs.prediction = invented_constants();
  catalogs.local = LocalCosts{0.25, 80, 0, 2000, 3, ""};
  MachineProfile profile = invented_machine(w, 0.004);
  profile.gpu = {true, ""};
  profile.gpu_facts.name = "G1";
  profile.gpu_facts.memory_bytes = 1LL << 34;
  profile.gpu_facts.bandwidth_bytes_per_s = 1e12;
  Measurement measured;
  measured.shape = shape;
  measured.status = ProbeStatus::ok;
  measured.verified = true;
  measured.seconds_median = measured.seconds_min = measured.seconds_max = 1e-3;
  profile.gpu_gemms = {measured};
  const auto this_gpu = [&] { return build_options(w, profile, catalogs, CpuFrameworkCosts{}, OptionSettings{})[1]; };
  BOOST_TEST(this_gpu().kind == OptionKind::this_gpu);
  BOOST_TEST(this_gpu().feasible);
  BOOST_TEST(this_gpu().step.gemm_seconds == 1e-3);
  for (const ProbeStatus status : {ProbeStatus::failed, ProbeStatus::skipped}) {
    profile.gpu_gemms[0].status = status;
    profile.gpu_gemms[0].reason = "out of memory";
    const Option option = this_gpu();
    BOOST_TEST(!option.feasible);  // never a step that counts the GEMM as 0 s
    BOOST_TEST(option.left_out_reason == "the GEMM 1024x1024x1024 fp32 NN was not measured on this GPU: " +
                                             to_string(status) + " (out of memory)");
  }
}

BOOST_AUTO_TEST_CASE(a_runs_training_time_is_what_fits_its_bill) {
  Option cloud;
  cloud.usd_per_hour = 4;
  cloud.billing = {60, 60, 300, 1.0};
  // $1 buys 900 s: 900 billed in whole minutes, less 300 s of set-up.
  BOOST_TEST(affordable_training_seconds(cloud, 1.0) == 600.0, tt::tolerance(1e-12));
  // $1.01 buys 909 s: still 15 whole minutes.
  BOOST_TEST(affordable_training_seconds(cloud, 1.01) == 600.0, tt::tolerance(1e-12));
  // Spot stretches the training by its interruptions: 600 s of billing hold 400 s of training.
  cloud.billing.stretch = 1.5;
  BOOST_TEST(affordable_training_seconds(cloud, 1.0) == 400.0, tt::tolerance(1e-12));
  // 45 s cannot pay the 60 s minimum.
  BOOST_TEST(affordable_training_seconds(cloud, 0.05) == 0.0);
  Option local;
  local.usd_per_hour = 4;  // a local device pays for exactly the time it trains
  BOOST_TEST(affordable_training_seconds(local, 1.0) == 900.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(runs_keep_one_runs_figures_and_add_their_totals) {
  Option option;
  option.run_seconds = 100;
  option.run_usd = 0.5;
  fill_totals(option, 3);
  BOOST_TEST(option.runs == 3);
  BOOST_TEST(option.run_seconds == 100.0);
  BOOST_TEST(option.total_seconds == 300.0);
  BOOST_TEST(option.total_usd == 1.5);
}

BOOST_AUTO_TEST_CASE(a_gpu_to_buy_costs_its_amortised_price_plus_power) {
  const GemmShape shape{1024, 1024, 1024, false, false, "fp32"};
  const Workload w = one_gemm_workload(shape, 0, 1);
  Catalogs catalogs;
  catalogs.prediction = invented_constants();
  GpuSpec gpu = invented_gpu();
  gpu.purchase_usd = 6000;
  gpu.tdp_watts = 200;
  catalogs.gpus.push_back(gpu);
  catalogs.local = LocalCosts{0.25, 80, 0, 2000, 3, ""};
  const std::vector<Option> options =
      build_options(w, invented_machine(w, 0.004), catalogs, CpuFrameworkCosts{}, OptionSettings{});
  BOOST_REQUIRE_EQUAL(options.size(), 2u);
  const Option& buy = options[1];
  BOOST_TEST(buy.kind == OptionKind::buy);
  BOOST_TEST(buy.pricing == PricingMode::local);
  // 6000 / (3 years x 2000 h) + (200 W + 80 W) x 0.25 $/kWh
  BOOST_TEST(buy.usd_per_hour == 1.0 + 0.07, tt::tolerance(1e-12));
  // Its step: 2 · 1024³ = 2,147,483,648 FLOP at 60 % of 100 TFLOP/s (64 tiles fill its 64 SMs):
  // 35.79 us; 300 steps: 10.74 ms, at $1.07/h.
  const double step_s = 2'147'483'648.0 / 60e12;
  BOOST_TEST(buy.step.seconds == step_s, tt::tolerance(1e-12));
  BOOST_TEST(buy.run_usd == 1.07 * 300 * step_s / 3600, tt::tolerance(1e-12));
  // This CPU took 4 ms a step.
  BOOST_TEST(buy.speedup_vs_cpu == 0.004 / step_s, tt::tolerance(1e-12));
  BOOST_TEST(buy.feasible);
}

BOOST_AUTO_TEST_CASE(spot_runs_lose_half_a_checkpoint_interval_and_a_restart_per_interruption) {
  PredictionConstants constants = invented_constants();
  constants.spot_interruptions_per_hour = 0.05;
  constants.checkpoint_interval_seconds = 1800;
  constants.spot_restart_seconds = 600;
  // 10 hours: 0.5 expected interruptions, each costing 900 + 600 s.
  BOOST_TEST(spot_expected_seconds(36000, constants) == 36000 + 0.5 * 1500, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(buy_versus_rent_break_even) {
  // A 1,600 USD GPU using 0.50 USD of power a run, against renting at 10.50 a run: 160 runs.
  BOOST_TEST(breakeven_runs(1600, 0.5, 10.5) == 160.0, tt::tolerance(1e-12));
  BOOST_TEST(std::isinf(breakeven_runs(1600, 2.0, 1.0)));  // power alone costs more than renting
}

BOOST_AUTO_TEST_CASE(memory_is_replicated_or_sharded_across_gpus) {
  MemoryFootprint memory;
  memory.weights = 40;
  memory.gradients = 40;
  memory.optimizer = 80;
  memory.activations = 100;
  BOOST_TEST(memory_per_gpu(memory, 1, false) == 260);
  BOOST_TEST(memory_per_gpu(memory, 4, false) == 160 + 25);
  BOOST_TEST(memory_per_gpu(memory, 4, true) == 40 + 25);
  // 260 bytes over GPUs of 100 bytes (90 usable): 3 GPUs.
  BOOST_TEST(gpus_needed_sharded(memory, 100) == 3);
}

BOOST_AUTO_TEST_CASE(kinds_pricing_and_sources_keep_their_json_names) {
  BOOST_TEST(to_string(OptionKind::this_cpu) == "this-cpu");
  BOOST_TEST(to_string(OptionKind::this_gpu) == "this-gpu");
  BOOST_TEST(to_string(OptionKind::cloud) == "cloud");
  BOOST_TEST(to_string(OptionKind::buy) == "buy");
  BOOST_TEST(to_string(PricingMode::on_demand) == "on-demand");
  BOOST_TEST(to_string(PricingMode::spot) == "spot");
  BOOST_TEST(to_string(PricingMode::local) == "local");
  BOOST_TEST(to_string(FigureSource::measured) == "measured");
  BOOST_TEST(to_string(FigureSource::transferred) == "transferred");
  BOOST_TEST(to_string(FigureSource::scaled) == "scaled");
  BOOST_TEST(to_string(FigureSource::specs) == "specs");
}

BOOST_AUTO_TEST_SUITE_END()
