#include "advisor/predict/cpu_bandwidth.hpp"

#include <algorithm>
#include <cmath>

#include "probes/fixed_probes.hpp"

namespace advise {

CpuBandwidth::CpuBandwidth(const MachineProfile& profile) : memory_(profile.bandwidth.bytes_per_s_median) {
  for (const auto& point : profile.bandwidth_curve) {
    // Only checked points, only those below the memory probe's working set, and none timed while
    // other work held the cores (far slower than memory, which the caches never are).
    if (point.status == ProbeStatus::ok && point.verified && point.bytes_per_s_median > 0 &&
        !slower_than_memory(point, profile.bandwidth) &&
        point.working_set_bytes() < profile.bandwidth.working_set_bytes()) {
      points_.emplace_back(static_cast<double>(point.working_set_bytes()), point.bytes_per_s_median);
    }
  }
  points_.emplace_back(static_cast<double>(profile.bandwidth.working_set_bytes()), memory_);
  std::sort(points_.begin(), points_.end());
  fastest_ = memory_;
  for (const auto& point : points_) fastest_ = std::max(fastest_, point.second);
}

double CpuBandwidth::at(double working_set_bytes) const {
  if (working_set_bytes <= points_.front().first) return points_.front().second;
  if (working_set_bytes >= points_.back().first) return points_.back().second;
  const auto upper = std::upper_bound(points_.begin(), points_.end(), std::make_pair(working_set_bytes, 0.0));
  const auto lower = upper - 1;
  const double fraction = std::log(working_set_bytes / lower->first) / std::log(upper->first / lower->first);
  const double seconds_per_byte = (1 - fraction) / lower->second + fraction / upper->second;
  return 1 / seconds_per_byte;
}

double CpuBandwidth::cache_share(double working_set_bytes) const {
  if (fastest_ <= memory_) return 0;
  const double share = (1 / memory_ - 1 / at(working_set_bytes)) / (1 / memory_ - 1 / fastest_);
  return std::clamp(share, 0.0, 1.0);
}

double framework_traffic_rate(const MemoryTraffic& traffic, const CpuBandwidth& bandwidth,
                              const CpuFrameworkCosts& costs) {
  const double triad = bandwidth.at(traffic.working_set_bytes);
  if (traffic.kind != TrafficKind::elementwise || costs.elementwise_bytes_per_second <= 0) return triad;
  double ceiling = costs.elementwise_bytes_per_second;
  if (costs.reference_elementwise_bytes_per_second > 0) {
    ceiling *= bandwidth.at(kElementwiseReferenceWorkingSet) / costs.reference_elementwise_bytes_per_second;
  }
  return std::min(triad, ceiling);
}

std::vector<MemoryTraffic> cpu_memory_traffic(const Workload& workload, const CpuFrameworkCosts& costs) {
  std::vector<MemoryTraffic> traffic;
  for (const auto& entry : workload.memory_traffic) {
    if (entry.kind == TrafficKind::pooling && costs.pool_elements_per_second > 0) continue;
    if (entry.kind == TrafficKind::lstm_cell && costs.lstm_gate_elements_per_second > 0) continue;
    if (entry.kind == TrafficKind::activation_math && costs.models_activation_math()) continue;
    if (entry.kind == TrafficKind::attention_reshape && costs.attention_reshape_elements_per_second > 0) continue;
    if (entry.kind == TrafficKind::batch_norm && costs.batch_norm_elements_per_second > 0) continue;
    if (entry.kind == TrafficKind::layer_norm && costs.layer_norm_elements_per_second > 0) continue;
    if (entry.kind == TrafficKind::softmax && costs.softmax_elements_per_second > 0) continue;
    if (entry.kind == TrafficKind::cross_entropy && costs.cross_entropy_elements_per_second > 0) continue;
    traffic.push_back(entry);
  }
  return traffic;
}

}  // namespace advise
