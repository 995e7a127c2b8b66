// Memory-bound time on a CPU by working set: the bandwidth curve, the traffic a
// workload records, and what it does to this CPU's and a cloud CPU's step.

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "advisor/predict/cold_operands.hpp"
#include "advisor/predict/cpu_bandwidth.hpp"
#include "advisor/predict/cloud_cpu.hpp"
#include "advisor/predict/gpu_step.hpp"
#include "advisor/predict/this_cpu.hpp"
#include "tests/support/invented_gemms.hpp"
#include "tests/support/invented_model.hpp"
#include "tests/support/traffic_bytes.hpp"
#include "tests/support/triad_point.hpp"

using namespace advise;
using advise::testing::bytes_of_kind;
using advise::testing::triad_point;
namespace tt = boost::test_tools;

namespace {

// 100 GB/s up to 3 MiB working sets, 20 GB/s from 96 MiB on, memory 20 GB/s.
MachineProfile cached_machine() {
  MachineProfile profile;
  profile.cpu.cores = profile.cpu.threads = profile.cpu.threads_used = 2;
  profile.cpu.clock_hz = 3e9;
  profile.cpu.peak_flops["fp32"] = 100e9;
  profile.bandwidth = triad_point(128 << 20, 20e9);
  profile.bandwidth_curve = {triad_point(1 << 20, 100e9), triad_point(32 << 20, 20e9)};
  return profile;
}

Workload dense_workload(std::int64_t width, const std::string& optimizer) {
  ModelDescription model;
  model.name = "dense";
  model.file = "dense.toml";
  model.training = {32, 320, 1, "fp32", optimizer};
  using advise::testing::dense_layer;
  model.layers = {dense_layer("layer[1]", width, width), dense_layer("layer[1]", width, 10)};
  return build_workload(model);
}

// A cloud CPU with one thread per core, 16 FLOP/cycle and this machine's 20 GB/s of memory.
CpuSpec cloud_cpu(double all_core_clock_hz) {
  CpuSpec target;
  target.threads_per_core = 1;
  target.fp32_flops_per_cycle_per_core = 16;
  target.all_core_clock_hz = all_core_clock_hz;
  target.socket_bandwidth_bytes_per_s = 20e9;
  return target;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cpu_memory)

BOOST_AUTO_TEST_CASE(bandwidth_follows_the_measured_curve_then_memory) {
  const CpuBandwidth bandwidth(cached_machine());
  BOOST_TEST(bandwidth.at(1e3) == 100e9);         // below the curve: its smallest point
  BOOST_TEST(bandwidth.at(3 << 20) == 100e9);     // a measured point
  BOOST_TEST(bandwidth.at(96 << 20) == 20e9);     // the last measured point
  BOOST_TEST(bandwidth.at(1e12) == 20e9);         // beyond: memory bandwidth
  // Halfway in the log of the size: the mean of the two times per byte.
  const double middle = std::sqrt(3.0 * 96) * (1 << 20);
  BOOST_TEST(bandwidth.at(middle) == 2 / (1 / 100e9 + 1 / 20e9), tt::tolerance(1e-9));
  BOOST_TEST(bandwidth.cache_share(1e3) == 1.0);
  BOOST_TEST(bandwidth.cache_share(1e12) == 0.0);
  BOOST_TEST(bandwidth.cache_share(middle) == 0.5, tt::tolerance(1e-9));
}

// A probe that waited for its time slices behind other work times every size alike: its small
// working sets read far slower than memory, which the caches never are. Those points are left out.
BOOST_AUTO_TEST_CASE(a_cache_point_slower_than_memory_is_left_out) {
  MachineProfile profile = cached_machine();
  profile.bandwidth_curve = {triad_point(1 << 18, 0.1e9), triad_point(1 << 20, 100e9), triad_point(32 << 20, 20e9)};
  const CpuBandwidth bandwidth(profile);
  BOOST_TEST(bandwidth.at(1e3) == 100e9);
  BOOST_TEST(bandwidth.at(3 << 18) == 100e9);
  profile.bandwidth_curve[0] = triad_point(1 << 18, 15e9);  // within half of memory (20 GB/s): kept
  BOOST_TEST(CpuBandwidth(profile).at(1e3) == 15e9);
}

BOOST_AUTO_TEST_CASE(failed_points_and_older_results_fall_back_to_memory_bandwidth) {
  MachineProfile profile = cached_machine();
  profile.bandwidth_curve[0].status = ProbeStatus::failed;
  profile.bandwidth_curve[0].verified = false;
  BOOST_TEST(CpuBandwidth(profile).at(1e3) == 20e9);
  profile.bandwidth_curve.clear();  // results written before the curve was measured
  BOOST_TEST(CpuBandwidth(profile).at(1e3) == 20e9);
  BOOST_TEST(CpuBandwidth(profile).cache_share(1e3) == 0.0);
}

BOOST_AUTO_TEST_CASE(the_traffic_adds_up_to_the_memory_bound_bytes) {
  const Workload w = dense_workload(512, "adam");
  double bytes = 0;
  for (const auto& entry : w.memory_traffic) bytes += entry.bytes;
  BOOST_TEST(bytes == w.memory_bound_bytes, tt::tolerance(1e-12));
  // Adam moves 21 fp32 values per parameter; each layer's update touches six tensors of its
  // parameters' size (weights, gradient, both moments, two temporaries): its working set.
  BOOST_TEST(bytes_of_kind(w.memory_traffic, TrafficKind::optimizer) == 21.0 * 4 * static_cast<double>(w.parameters),
             tt::tolerance(1e-12));
  // Of those, the first reads of w, g and both moments and the last writes of w and the moments
  // (7 values) come once a step, from memory; the other 14 while the layer's tensors are in cache.
  bool found_first_layer = false;
  double once_per_step = 0;
  for (const auto& entry : w.memory_traffic) {
    if (entry.kind == TrafficKind::optimizer && entry.working_set_bytes == 6.0 * 4 * (512 * 512 + 512)) {
      found_first_layer = true;
      BOOST_TEST(entry.bytes == 14.0 * 4 * (512 * 512 + 512), tt::tolerance(1e-12));
    }
    if (entry.kind == TrafficKind::optimizer && entry.working_set_bytes == kOncePerStep) once_per_step += entry.bytes;
  }
  BOOST_TEST(found_first_layer);
  BOOST_TEST(once_per_step == 7.0 * 4 * static_cast<double>(w.parameters), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(sgd_touches_each_value_once_a_step) {
  const Workload w = dense_workload(512, "sgd");  // reads w and g, writes w: nothing stays in cache
  for (const auto& entry : w.memory_traffic) {
    if (entry.kind == TrafficKind::optimizer) BOOST_TEST(entry.working_set_bytes == kOncePerStep);
  }
  BOOST_TEST(bytes_of_kind(w.memory_traffic, TrafficKind::optimizer) == 3.0 * 4 * static_cast<double>(w.parameters),
             tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(the_optimizer_working_set_is_what_its_update_touches) {
  const auto first_layer_working_set = [](const std::string& optimizer) {
    for (const auto& entry : dense_workload(512, optimizer).memory_traffic) {
      if (entry.kind == TrafficKind::optimizer && entry.bytes > 1e6 && entry.working_set_bytes != kOncePerStep) {
        return entry.working_set_bytes / (512 * 512 + 512);
      }
    }
    return 0.0;
  };
  BOOST_TEST(first_layer_working_set("momentum") == 12.0);  // w, g and the buffer
  BOOST_TEST(first_layer_working_set("adam") == 24.0);      // w, g, two moments, two temporaries
  BOOST_TEST(first_layer_working_set("adamw") == 24.0);
}

BOOST_AUTO_TEST_CASE(small_passes_run_at_cache_bandwidth_on_this_cpu) {
  const Workload small = dense_workload(64, "adam");
  const Workload large = dense_workload(4096, "adam");  // 64 MiB of weights: beyond the curve
  MachineProfile with_cache = cached_machine();
  MachineProfile memory_only = cached_machine();
  memory_only.bandwidth_curve.clear();
  const auto memory_seconds = [](const Workload& w, const MachineProfile& profile) {
    MachineProfile p = profile;
    advise::testing::add_invented_gemms(p, w, 1e-6);
    return predict_this_cpu(w, p, CpuFrameworkCosts{}).memory_seconds;
  };
  BOOST_TEST(memory_seconds(small, memory_only) == small.memory_bound_bytes / 20e9, tt::tolerance(1e-9));
  // All but the optimizer's once-a-step reads and writes, which come from memory, and the GEMMs'
  // operands, which the probe found in the caches and the step fetches from memory.
  const double once_per_step = 7.0 * 4 * static_cast<double>(small.parameters);
  const auto cold = [](const Workload& w) { return cold_operand_seconds(w.gemms, CpuBandwidth(cached_machine()), 20e9); };
  BOOST_TEST(cold(small) > 0);
  BOOST_TEST(memory_seconds(small, with_cache) ==
                 (small.memory_bound_bytes - once_per_step) / 100e9 + once_per_step / 20e9 + cold(small),
             tt::tolerance(1e-9));
  // The large model's optimizer pass is beyond the caches; only its small passes get faster.
  const double large_optimizer = bytes_of_kind(large.memory_traffic, TrafficKind::optimizer);
  BOOST_TEST(memory_seconds(large, with_cache) > large_optimizer / 20e9 * 0.99);
  BOOST_TEST(memory_seconds(large, with_cache) - cold(large) < memory_seconds(large, memory_only));
}

BOOST_AUTO_TEST_CASE(a_cloud_cpu_keeps_the_cache_share_and_scales_each_bandwidth) {
  const Workload small = dense_workload(64, "adam");
  MachineProfile profile = cached_machine();
  advise::testing::add_invented_gemms(profile, small, 1e-6);
  const CpuSpec target = cloud_cpu(6e9);  // twice the clock, no more memory bandwidth
  const StepEstimate here = predict_this_cpu(small, profile, CpuFrameworkCosts{});
  const StepEstimate there = predict_cloud_cpu(small, profile, target, 4, CpuFrameworkCosts{});
  // What the caches serve, twice the cores at twice the clock move four times as fast; the
  // optimizer's once-a-step bytes come from memory, no faster there.
  const double once_per_step = 7.0 * 4 * static_cast<double>(small.parameters);
  // The GEMMs' operands come from memory too, at its bandwidth there (no more than here).
  const double from_memory = once_per_step / 20e9 + cold_operand_seconds(small.gemms, CpuBandwidth(profile), 20e9);
  BOOST_TEST(here.memory_seconds > from_memory);
  BOOST_TEST(there.memory_seconds == (here.memory_seconds - from_memory) / 4 + from_memory, tt::tolerance(1e-9));
}

// The framework's own elementwise kernels run below the triad in the caches: their measured rate
// caps elementwise passes (and only those), carried to this CPU by the triad at the working set
// it was measured at when it comes from another CPU.
BOOST_AUTO_TEST_CASE(the_frameworks_elementwise_rate_caps_elementwise_passes_only) {
  const CpuBandwidth bandwidth(cached_machine());  // 100 GB/s at the rate's 3 MiB, 20 GB/s in memory
  MemoryTraffic relu{TrafficKind::elementwise, 1e6, 1 << 20};
  MemoryTraffic from_memory{TrafficKind::elementwise, 1e6, 1e12};
  MemoryTraffic optimizer{TrafficKind::optimizer, 1e6, 1 << 20};
  CpuFrameworkCosts costs;
  BOOST_TEST(framework_traffic_rate(relu, bandwidth, costs) == 100e9);  // not measured: the triad
  costs.elementwise_bytes_per_second = 60e9;                           // measured here
  BOOST_TEST(framework_traffic_rate(relu, bandwidth, costs) == 60e9);
  BOOST_TEST(framework_traffic_rate(from_memory, bandwidth, costs) == 20e9);  // memory is slower still
  BOOST_TEST(framework_traffic_rate(optimizer, bandwidth, costs) == 100e9);
  // Measured on a CPU whose triad gave 120 GB/s there: 60 * 100 / 120 here.
  costs.reference_elementwise_bytes_per_second = 120e9;
  BOOST_TEST(framework_traffic_rate(relu, bandwidth, costs) == 50e9, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_capped_pass_is_as_much_slower_here_and_on_a_cloud_cpu) {
  const Workload small = dense_workload(64, "adam");
  MachineProfile profile = cached_machine();
  advise::testing::add_invented_gemms(profile, small, 1e-6);
  const CpuSpec target = cloud_cpu(3e9);
  CpuFrameworkCosts capped;
  capped.elementwise_bytes_per_second = 50e9;  // half the triad at these working sets
  const double elementwise = bytes_of_kind(small.memory_traffic, TrafficKind::elementwise);
  BOOST_TEST(elementwise > 0);
  const StepEstimate here = predict_this_cpu(small, profile, CpuFrameworkCosts{});
  const StepEstimate here_capped = predict_this_cpu(small, profile, capped);
  BOOST_TEST(here_capped.memory_seconds - here.memory_seconds == elementwise / 100e9, tt::tolerance(1e-6));
  const StepEstimate there = predict_cloud_cpu(small, profile, target, 4, CpuFrameworkCosts{});
  const StepEstimate there_capped = predict_cloud_cpu(small, profile, target, 4, capped);
  BOOST_TEST(there_capped.memory_seconds - there.memory_seconds == elementwise / 100e9 / 2, tt::tolerance(1e-6));
}

// Catalogs give all-core clocks: this CPU's all-core clock is what they are compared with, not its
// one-thread boost clock (here 4 GHz alone, 3 GHz all cores, like the target: same cache speed).
BOOST_AUTO_TEST_CASE(a_cloud_cpu_is_compared_at_all_core_clocks) {
  const Workload small = dense_workload(64, "adam");
  MachineProfile boosted = cached_machine();
  boosted.cpu.clock_hz = 4e9;
  boosted.cpu.all_core_clock_hz = 3e9;
  advise::testing::add_invented_gemms(boosted, small, 1e-6);
  MachineProfile steady = cached_machine();  // 3 GHz, all-core clock not measured (older results)
  advise::testing::add_invented_gemms(steady, small, 1e-6);
  const CpuSpec target = cloud_cpu(3e9);
  CpuFrameworkCosts framework;
  framework.dense = 10e-6;
  const StepEstimate from_boosted = predict_cloud_cpu(small, boosted, target, 2, framework);
  const StepEstimate from_steady = predict_cloud_cpu(small, steady, target, 2, framework);
  BOOST_TEST(from_boosted.memory_seconds == from_steady.memory_seconds, tt::tolerance(1e-12));
  BOOST_TEST(from_boosted.overhead_seconds == from_steady.overhead_seconds, tt::tolerance(1e-12));
  BOOST_TEST(from_boosted.overhead_seconds > 0);
}

BOOST_AUTO_TEST_SUITE_END()
