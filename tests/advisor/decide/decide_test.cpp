// The decision on invented options: no probe, no catalog, no clock.

#include <boost/test/unit_test.hpp>

#include "advisor/decide/decide.hpp"

using namespace advise;

namespace {

Option option(const std::string& id, OptionKind kind, double step_s, double usd_per_hour, double run_usd) {
  const bool local = kind == OptionKind::this_cpu;
  Option o;
  o.id = id;
  o.kind = kind;
  o.provider = local ? "local" : "cloud";
  o.instance = id;
  o.device = id;
  o.pricing = local ? PricingMode::local : PricingMode::on_demand;
  o.step.seconds = step_s;
  o.step.low = step_s * 0.9;
  o.step.high = step_s * 1.1;
  o.step.source = local ? FigureSource::measured : FigureSource::specs;
  o.run_seconds = step_s * 1000;
  o.usd_per_hour = usd_per_hour;
  o.run_usd = run_usd;
  o.run_usd_low = run_usd * 0.9;
  o.run_usd_high = run_usd * 1.1;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decide_options)

BOOST_AUTO_TEST_CASE(the_cpu_wins_on_cost_when_the_gpu_is_not_fast_enough_for_its_price) {
  Option cpu = option("this-cpu", OptionKind::this_cpu, 0.010, 0.02, 0.0056);
  Option gpu = option("gpu", OptionKind::cloud, 0.002, 1.00, 0.60);
  gpu.speedup_vs_cpu = 5;
  gpu.breakeven_speedup = 50;
  const Decision d = decide({gpu, cpu}, DecisionSettings{Objective::cost});
  BOOST_REQUIRE(d.recommendation.option.has_value());
  BOOST_TEST(d.ranked[*d.recommendation.option].id == "this-cpu");
  BOOST_TEST(d.ranked[*d.recommendation.runner_up].id == "gpu");
  BOOST_TEST(!d.recommendation.flips_within_uncertainty);
  BOOST_TEST(d.recommendation.sentence.find("Train on this CPU") == 0u);
  BOOST_TEST(d.recommendation.sentence.find("5x faster") != std::string::npos);
  // A run there costs $0.60 against $0.0056: 107x this CPU's.
  BOOST_TEST(d.recommendation.sentence.find("a run there costs 107x this CPU's ($0.60 against $0.0056)") !=
             std::string::npos);
  BOOST_TEST(d.recommendation.sentence.find("it costs no more than this CPU from a speedup of 50x") != std::string::npos);
  BOOST_TEST(d.excluded[0] == "");
  // This CPU costs nothing more left idle: no reminder.
  BOOST_TEST(!d.recommendation.idle_usd_per_hour.has_value());
  BOOST_TEST(!d.recommendation.forgotten_weekend_usd.has_value());
  BOOST_TEST(d.recommendation.idle_reminder.empty());
}

BOOST_AUTO_TEST_CASE(the_gpu_wins_on_cost_when_its_speedup_beats_its_price_ratio) {
  Option cpu = option("this-cpu", OptionKind::this_cpu, 10.0, 0.02, 55.0);
  Option gpu = option("gpu", OptionKind::cloud, 0.01, 1.00, 2.8);
  const Decision d = decide({cpu, gpu}, DecisionSettings{Objective::cost});
  BOOST_TEST(d.ranked[*d.recommendation.option].id == "gpu");
  BOOST_TEST(d.recommendation.sentence.find("Use cloud gpu") == 0u);
  // A cloud choice bills its hourly price idle too: a weekend left running is 64 hours of it.
  BOOST_TEST(*d.recommendation.idle_usd_per_hour == 1.00);
  BOOST_TEST(*d.recommendation.forgotten_weekend_usd == 64.0);
  BOOST_TEST(d.recommendation.idle_reminder ==
             "Idle, it still costs $1.00 an hour: left running over a weekend (64 h), $64.00. "
             "Stop the instance when the run ends.");
}

BOOST_AUTO_TEST_CASE(this_machines_gpu_is_named_as_such) {
  Option cpu = option("this-cpu", OptionKind::this_cpu, 10.0, 0.02, 55.0);
  Option gpu = option("this-gpu", OptionKind::this_gpu, 0.01, 0.05, 0.14);
  gpu.device = "NVIDIA H200";
  const Decision d = decide({cpu, gpu}, DecisionSettings{Objective::cost});
  BOOST_TEST(d.ranked[*d.recommendation.option].id == "this-gpu");
  BOOST_TEST(d.recommendation.sentence.rfind("Use this machine's GPU (NVIDIA H200): one run takes ", 0) == 0,
             d.recommendation.sentence);
}

BOOST_AUTO_TEST_CASE(a_multi_gpu_choice_gives_its_scaling_and_how_low_a_slow_host_takes_it) {
  Option cpu = option("this-cpu", OptionKind::this_cpu, 10.0, 0.02, 55.0);
  Option gpus = option("gpus", OptionKind::cloud, 0.01, 2.00, 2.8);
  gpus.device_count = 2;
  gpus.step.allreduce_seconds = 0.002;
  gpus.step.scaling_efficiency = 0.9;
  gpus.step.scaling_efficiency_low = 0.6;
  const std::string central = "its 2 GPUs scale at 90% (the gradient all-reduce takes 20% of each step's time, "
                              "partly hidden behind the backward pass";
  const std::string sentence = decide({cpu, gpus}, DecisionSettings{Objective::cost}).recommendation.sentence;
  BOOST_TEST(sentence.find(central + "; 60% on a host whose all-reduce is as slow as the slowest tenth the "
                                     "calibration saw)") != std::string::npos, sentence);
  // No slower host to speak of (NVLink, or a host as fast as the central figure): the scaling alone.
  gpus.step.scaling_efficiency_low = 0.9;
  const std::string alone = decide({cpu, gpus}, DecisionSettings{Objective::cost}).recommendation.sentence;
  BOOST_TEST(alone.find(central + ")") != std::string::npos, alone);
}

BOOST_AUTO_TEST_CASE(the_time_objective_picks_the_fastest_whatever_it_costs) {
  const Decision d = decide({option("this-cpu", OptionKind::this_cpu, 1.0, 0.02, 1.0), option("slow", OptionKind::cloud, 0.5, 1, 5),
                             option("fast", OptionKind::cloud, 0.1, 10, 50)},
                            DecisionSettings{Objective::time});
  BOOST_TEST(d.ranked[*d.recommendation.option].id == "fast");
  BOOST_TEST(d.ranked[*d.recommendation.runner_up].id == "slow");
  BOOST_TEST(d.recommendation.sentence.find("Fastest: ") == 0u);
}

BOOST_AUTO_TEST_CASE(when_nothing_fits_there_is_no_recommendation_and_it_says_why) {
  Option cpu = option("this-cpu", OptionKind::this_cpu, 1.0, 0.02, 1.0);
  cpu.feasible = false;
  cpu.infeasible_reason = "needs 3 TiB of memory, this machine has 24 GiB";
  Option gpu = option("gpu", OptionKind::cloud, 0.1, 1, 1);
  gpu.feasible = false;
  gpu.infeasible_reason = "needs 3 TiB of memory, one T4 has 16 GiB";
  const Decision d = decide({cpu, gpu}, DecisionSettings{Objective::cost});
  BOOST_TEST(!d.recommendation.option.has_value());
  BOOST_TEST(!d.recommendation.runner_up.has_value());
  BOOST_TEST(d.recommendation.sentence.find("No option can train this model") == 0u);
  BOOST_TEST(d.recommendation.sentence.find("needs 3 TiB of memory") != std::string::npos);
  BOOST_TEST(d.excluded[0].find("does not fit: ") == 0u);
}

// The largest option's reason names the GPUs that would hold the model sharded; the sentence says
// it once, and names another GPU only where fewer of it would do.
BOOST_AUTO_TEST_CASE(when_nothing_fits_the_fewest_sharded_gpus_are_named_once) {
  auto gpu_option = [](const std::string& device, std::int64_t count, std::int64_t memory_gib, std::int64_t needed) {
    Option o = option(device + "-box", OptionKind::cloud, 0.1, 1, 1);
    o.device = device;
    o.device_count = count;
    o.memory_available_bytes = memory_gib << 30;
    o.feasible = false;
    o.gpus_needed_sharded = needed;
    o.infeasible_reason = "needs 3.0 TiB of memory (at least " + std::to_string(needed) + " " + device +
                          " GPUs sharded would hold it)";
    return o;
  };
  const Decision same = decide({gpu_option("H200", 8, 141, 25), gpu_option("T4", 1, 16, 214)},
                               DecisionSettings{Objective::cost});
  const std::string& one = same.recommendation.sentence;
  BOOST_TEST(one.find("even cloud H200-box (8x H200, on-demand) needs 3.0 TiB") != std::string::npos);
  BOOST_TEST(one.find("25 H200") != std::string::npos);
  BOOST_TEST(one.find("25 H200") == one.rfind("25 H200"));
  BOOST_TEST(one.find("more than any single instance in the catalogs offers.") != std::string::npos);

  const Decision other = decide({gpu_option("H200", 8, 141, 25), gpu_option("MI300X", 1, 192, 18)},
                                DecisionSettings{Objective::cost});
  BOOST_TEST(other.recommendation.sentence.find("the fewest GPUs that would hold it are 18 MI300X, more than any") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_infeasible_option_never_wins_however_cheap) {
  Option cheap = option("cheap", OptionKind::cloud, 0.001, 0.01, 0.001);
  cheap.feasible = false;
  cheap.infeasible_reason = "too small";
  const Decision d = decide({cheap, option("this-cpu", OptionKind::this_cpu, 1, 0.02, 1)}, DecisionSettings{Objective::cost});
  BOOST_TEST(d.ranked[*d.recommendation.option].id == "this-cpu");
  BOOST_TEST(d.ranked.back().id == "cheap");
  BOOST_TEST(!d.recommendation.runner_up.has_value());
}

BOOST_AUTO_TEST_CASE(a_close_runner_up_is_flagged_as_a_possible_flip) {
  const Decision d = decide({option("this-cpu", OptionKind::this_cpu, 1, 0.02, 1.00), option("b", OptionKind::cloud, 1, 1, 1.05)},
                            DecisionSettings{Objective::cost});
  BOOST_TEST(d.recommendation.flips_within_uncertainty);  // 1.05·0.9 < 1.00·1.1
  BOOST_TEST(d.recommendation.sentence.find("could be cheaper") != std::string::npos);
}

// One GPU at two clouds' prices shares one predicted step: where the truth falls in the band, it
// falls there for both, so the dearer one cannot turn out cheaper. Another GPU's prediction can.
BOOST_AUTO_TEST_CASE(the_same_gpu_at_a_higher_price_never_flips_but_another_gpu_can) {
  auto l4 = [](const std::string& id, double run_usd) {
    Option o = option(id, OptionKind::cloud, 1, 1, run_usd);
    o.device = "L4";
    return o;
  };
  const Decision same = decide({l4("gcp", 1.00), l4("aws", 1.05)}, DecisionSettings{Objective::cost});
  BOOST_TEST(same.ranked[*same.recommendation.runner_up].id == "aws");
  BOOST_TEST(!same.recommendation.flips_within_uncertainty);
  BOOST_TEST(same.recommendation.sentence.find("Within the uncertainty") == std::string::npos);

  const Decision other = decide({l4("gcp", 1.00), l4("aws", 1.05), option("a10", OptionKind::cloud, 1, 1, 1.08)},
                                DecisionSettings{Objective::cost});
  BOOST_TEST(!other.recommendation.flips_within_uncertainty);  // the runner-up is the same L4
  BOOST_TEST(other.recommendation.sentence.find("Within the uncertainty, cloud a10 (a10, on-demand) could be cheaper") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_deadline_picks_the_cheapest_run_that_finishes_in_time) {
  // Runs of 1000·step seconds: cpu 10000 s, slow 500 s, fast 100 s.
  const std::vector<Option> options = {option("this-cpu", OptionKind::this_cpu, 10, 0.02, 0.1), option("slow", OptionKind::cloud, 0.5, 1, 2),
                                       option("fast", OptionKind::cloud, 0.1, 10, 5)};
  DecisionSettings settings;
  settings.deadline_seconds = 600;
  const Decision d = decide(options, settings);
  BOOST_TEST(d.ranked[*d.recommendation.option].id == "slow");
  BOOST_TEST(d.recommendation.sentence.find("Cheapest to finish within 10.0 min: ") == 0u);
  BOOST_TEST(d.excluded.back() == "misses the deadline");
}

BOOST_AUTO_TEST_CASE(an_impossible_deadline_recommends_nothing_and_names_the_fastest) {
  DecisionSettings settings;
  settings.deadline_seconds = 60;
  const Decision d = decide({option("this-cpu", OptionKind::this_cpu, 10, 0.02, 0.1), option("fast", OptionKind::cloud, 0.1, 10, 5)}, settings);
  BOOST_TEST(!d.recommendation.option.has_value());
  BOOST_TEST(d.recommendation.sentence ==
             "No option finishes within 60.0 s: the fastest, cloud fast (fast, on-demand), takes 100.0 s and costs $5.00.");
}

BOOST_AUTO_TEST_CASE(a_budget_picks_the_fastest_run_it_pays_for) {
  DecisionSettings settings{Objective::time};
  settings.budget_usd = 3;
  const Decision d = decide({option("this-cpu", OptionKind::this_cpu, 10, 0.02, 0.1), option("slow", OptionKind::cloud, 0.5, 1, 2),
                             option("fast", OptionKind::cloud, 0.1, 10, 5)},
                            settings);
  BOOST_TEST(d.ranked[*d.recommendation.option].id == "slow");
  BOOST_TEST(d.recommendation.sentence.find("Fastest within $3.00: ") == 0u);
}

BOOST_AUTO_TEST_CASE(a_budget_that_buys_nothing_names_the_cheapest) {
  DecisionSettings settings{Objective::time};
  settings.budget_usd = 0.01;
  const Decision d = decide({option("this-cpu", OptionKind::this_cpu, 10, 0.02, 0.1), option("fast", OptionKind::cloud, 0.1, 10, 5)}, settings);
  BOOST_TEST(!d.recommendation.option.has_value());
  BOOST_TEST(d.recommendation.sentence ==
             "No option fits a budget of $0.01: the cheapest, this CPU (this-cpu), costs $0.10 and takes 2.8 h.");
}

BOOST_AUTO_TEST_CASE(buying_is_recommended_only_when_asked) {
  Option buy = option("buy/G", OptionKind::buy, 0.1, 0.3, 0.01);
  buy.device = "G";
  const std::vector<Option> options = {option("this-cpu", OptionKind::this_cpu, 10, 0.02, 0.1), buy};
  const Decision rent = decide(options, DecisionSettings{Objective::cost});
  BOOST_TEST(rent.ranked[*rent.recommendation.option].id == "this-cpu");
  BOOST_TEST(rent.excluded[1] == "a purchase (--buy to consider it)");
  DecisionSettings consider;
  consider.consider_buying = true;
  const Decision bought = decide(options, consider);
  BOOST_TEST(bought.ranked[*bought.recommendation.option].id == "buy/G");
  BOOST_TEST(bought.recommendation.sentence.rfind("Buy a G (purchase amortised + power): one run takes ", 0) == 0,
             bought.recommendation.sentence);
}

BOOST_AUTO_TEST_CASE(device_names_take_the_article_they_are_read_with) {
  BOOST_TEST(with_article("RTX-4090") == "an RTX-4090");  // read letter by letter
  BOOST_TEST(with_article("H100-SXM") == "an H100-SXM");
  BOOST_TEST(with_article("MI300X") == "an MI300X");
  BOOST_TEST(with_article("L4") == "an L4");
  BOOST_TEST(with_article("A100-80GB") == "an A100-80GB");
  BOOST_TEST(with_article("T4") == "a T4");
  BOOST_TEST(with_article("V100-16GB") == "a V100-16GB");
  BOOST_TEST(with_article("Quadro-RTX-8000") == "a Quadro-RTX-8000");  // read as a word
  BOOST_TEST(with_article("Radeon Pro W7900") == "a Radeon Pro W7900");
  BOOST_TEST(with_article("Instinct MI300X") == "an Instinct MI300X");
}

BOOST_AUTO_TEST_CASE(durations_and_money_read_naturally) {
  BOOST_TEST(format_duration(0.0000123) == "12.3 \u00b5s");
  BOOST_TEST(format_duration(0.25) == "250.0 ms");
  BOOST_TEST(format_duration(90) == "90.0 s");
  BOOST_TEST(format_duration(3600) == "60.0 min");
  BOOST_TEST(format_duration(36000) == "10.0 h");
  BOOST_TEST(format_usd(0.00123) == "$0.0012");
  BOOST_TEST(format_usd(12.345) == "$12.35");
  BOOST_TEST(format_ratio(2.5) == "2.5x");
  BOOST_TEST(format_ratio(149.4) == "149x");
  BOOST_TEST(format_count(1, "epoch") == "1 epoch");
  BOOST_TEST(format_count(90, "epoch") == "90 epochs");
}

BOOST_AUTO_TEST_SUITE_END()
