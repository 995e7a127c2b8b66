#include "arithmetic_json.hpp"

#include <algorithm>
#include <cmath>

#include "probe_json.hpp"

namespace advise {

using nlohmann::json;

namespace {

constexpr std::int64_t kMaxElements = std::int64_t{1} << 50;
constexpr double kMaxRate = 1e18;  // elements per second: beyond any machine

bool checked(const ArithmeticMeasurement& m) { return m.status == ProbeStatus::ok && m.verified; }

}  // namespace

json to_json(const ArithmeticMeasurement& m) {
  return {{"kind", m.request.kind},
          {"elements", m.request.elements},
          {"probed_elements", m.probed_elements},
          {"elements_per_second", m.elements_per_second},
          {"samples", m.samples},
          {"verified", m.verified},
          {"noisy", m.noisy},
          {"max_relative_error", m.max_relative_error},
          {"status", to_string(m.status)},
          {"reason", m.reason},
          {"library", "oneDNN"}};
}

json to_json(const std::vector<ArithmeticMeasurement>& measurements) {
  json entries = json::array();
  for (const ArithmeticMeasurement& m : measurements) entries.push_back(to_json(m));
  return entries;
}

ArithmeticMeasurement arithmetic_from_json(const JsonFields& j) {
  ArithmeticMeasurement m;
  m.request.kind = j.text("kind");
  const auto& kinds = arithmetic_kinds();
  if (std::find(kinds.begin(), kinds.end(), m.request.kind) == kinds.end()) {
    j.fail("kind", "expected one of gelu, tanh, sigmoid, silu, pool, lstm_gate, attention_reshape, batch_norm, "
                   "layer_norm, softmax, got \"" +
                       m.request.kind + "\"");
  }
  m.request.elements = j.integer("elements", 1, kMaxElements);
  m.status = status_from_json(j);
  const bool ok = m.status == ProbeStatus::ok;
  m.probed_elements = j.integer("probed_elements", ok ? 1 : 0, kMaxElements);
  m.elements_per_second = j.number("elements_per_second", ok ? 1.0 : 0.0, kMaxRate);
  m.samples = static_cast<int>(j.integer("samples", 0, 1'000'000'000));
  m.verified = j.boolean("verified");
  m.noisy = j.optional_boolean("noisy").value_or(false);
  m.max_relative_error = j.optional_number("max_relative_error", 0, 1e300).value_or(0);
  m.reason = j.optional_text("reason").value_or("");
  return m;
}

std::vector<ArithmeticMeasurement> arithmetic_from_json(const std::vector<JsonFields>& entries) {
  std::vector<ArithmeticMeasurement> measurements;
  for (const JsonFields& entry : entries) measurements.push_back(arithmetic_from_json(entry));
  return measurements;
}

const ArithmeticMeasurement* find_arithmetic(const std::vector<ArithmeticMeasurement>& measured,
                                             const ArithmeticRequest& request) {
  const ArithmeticMeasurement* nearest = nullptr;
  double nearest_distance = 0;
  for (const ArithmeticMeasurement& m : measured) {
    if (m.request.kind != request.kind || !checked(m)) continue;
    const double distance = std::abs(std::log(static_cast<double>(m.request.elements) /
                                              static_cast<double>(request.elements)));
    if (!nearest || distance < nearest_distance) {
      nearest = &m;
      nearest_distance = distance;
    }
  }
  return nearest;
}

}  // namespace advise
