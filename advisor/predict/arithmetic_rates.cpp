#include "advisor/predict/arithmetic_rates.hpp"

#include <algorithm>

#include "probes/arithmetic_json.hpp"

namespace advise {
namespace {

// The framework's rate for an arithmetic kind, or null where it keeps none.
double* framework_rate(CpuFrameworkCosts& costs, const std::string& kind) {
  if (kind == "pool") return &costs.pool_elements_per_second;
  if (kind == "lstm_gate") return &costs.lstm_gate_elements_per_second;
  if (kind == "attention_reshape") return &costs.attention_reshape_elements_per_second;
  if (kind == "batch_norm") return &costs.batch_norm_elements_per_second;
  if (kind == "layer_norm") return &costs.layer_norm_elements_per_second;
  if (kind == "softmax") return &costs.softmax_elements_per_second;
  if (kind == "cross_entropy") return &costs.cross_entropy_elements_per_second;
  if (kind == "cast") return &costs.cast_elements_per_second;
  const auto activation = costs.activation_elements_per_second.find(kind);
  return activation == costs.activation_elements_per_second.end() ? nullptr : &activation->second;
}

}  // namespace

std::string CarriedRates::note() const {
  if (measured + scaled == 0) return "";
  if (scaled == 0) return "arithmetic rates measured here (oneDNN)";
  const std::string scaled_part = "scaled by the dispatch probe (not measured here: older probe results, or the "
                                  "probe failed)";
  if (measured == 0) return "arithmetic rates from the reference CPU, " + scaled_part;
  return std::to_string(measured) + " of " + std::to_string(measured + scaled) +
         " arithmetic rates measured here, the rest " + scaled_part;
}

CarriedRates carry_arithmetic_rates(const CpuFrameworkCosts& costs, const MachineProfile& profile,
                                    const Workload& workload) {
  CarriedRates carried{costs};
  const double dispatch_ratio = framework_speed_ratio(profile.cpu, costs);
  for (const std::string& kind : arithmetic_kinds()) {
    double* rate = framework_rate(carried.costs, kind);
    const auto largest = workload.framework_calls.largest_tensor.find(kind);
    // A kind the model does not run needs no rate here.
    if (!rate || *rate <= 0 || largest == workload.framework_calls.largest_tensor.end()) continue;
    const auto reference = costs.reference_arithmetic.find(kind);
    const ArithmeticMeasurement* here = find_arithmetic(
        profile.arithmetic, {kind, std::max<std::int64_t>(1, static_cast<std::int64_t>(largest->second))});
    if (here && reference != costs.reference_arithmetic.end() && reference->second > 0) {
      *rate *= here->elements_per_second / reference->second;
      ++carried.measured;
    } else {
      *rate /= dispatch_ratio;
      ++carried.scaled;
    }
  }
  return carried;
}

std::vector<ArithmeticRequest> arithmetic_requests(const Workload& workload) {
  std::vector<ArithmeticRequest> requests;
  for (const auto& [kind, elements] : workload.framework_calls.largest_tensor) {
    if (elements >= 1) requests.push_back({kind, static_cast<std::int64_t>(elements)});
  }
  return requests;
}

double arithmetic_cores(double elements, double cores) {
  return std::clamp(elements / kElementsPerThreadChunk, 1.0, std::max(cores, 1.0));
}

}  // namespace advise
