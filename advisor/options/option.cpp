#include "advisor/options/option.hpp"

#include <ostream>

namespace advise {

std::string to_string(OptionKind kind) {
  switch (kind) {
    case OptionKind::this_cpu: return "this-cpu";
    case OptionKind::this_gpu: return "this-gpu";
    case OptionKind::cloud: return "cloud";
    case OptionKind::buy: return "buy";
  }
  return "cloud";
}

std::string to_string(PricingMode pricing) {
  switch (pricing) {
    case PricingMode::on_demand: return "on-demand";
    case PricingMode::spot: return "spot";
    case PricingMode::local: return "local";
  }
  return "on-demand";
}

std::ostream& operator<<(std::ostream& out, OptionKind kind) { return out << to_string(kind); }

std::ostream& operator<<(std::ostream& out, PricingMode pricing) { return out << to_string(pricing); }

}  // namespace advise
