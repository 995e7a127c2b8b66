#include "catalog.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace advise {

double GpuSpec::peak_flops_for(const std::string& precision) const {
  const auto found = peak_flops.find(precision);
  if (found != peak_flops.end()) return found->second;
  const auto fp32 = peak_flops.find("fp32");
  return fp32 != peak_flops.end() ? fp32->second : 0;
}

// The table's figures, or the error that names the bundled file holding them.
template <typename Figures>
static const Figures& require_table(const std::optional<Figures>& figures, const std::string& table,
                                    const std::string& what) {
  if (!figures) {
    throw InputError({}, table,
                     "no [" + table + "] table in the catalogs used: the bundled pricing/data/" + table + ".toml has " +
                         what + " (--no-bundled-prices leaves it out; give it with --pricing)");
  }
  return *figures;
}

const PredictionConstants& Catalogs::prediction_constants() const {
  return require_table(prediction, "prediction", "the calibrated constants");
}

const LocalCosts& Catalogs::local_costs() const {
  return require_table(local, "local", "electricity price, machine power and amortisation");
}

ArchitectureConstants PredictionConstants::for_architecture(const std::string& architecture) const {
  if (const auto found = architectures.find(architecture); found != architectures.end()) return found->second;
  return {gemm_efficiency, gemm_efficiency, bandwidth_efficiency, "no constants fitted for this architecture"};
}

const GpuSpec* Catalogs::find_gpu(const std::string& name) const {
  for (const auto& gpu : gpus) {
    if (gpu.name == name) return &gpu;
    for (const auto& alias : gpu.aliases) {
      if (alias == name) return &gpu;
    }
  }
  return nullptr;
}

const CpuSpec* Catalogs::find_cpu(const std::string& name) const {
  for (const auto& cpu : cpus) {
    if (cpu.name == name) return &cpu;
  }
  return nullptr;
}

bool matches_pattern(const std::string& pattern, const std::string& name) {
  // Iterative glob with one kind of wildcard: on a mismatch, let the last `*` take one more character.
  std::size_t p = 0, n = 0, star = std::string::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string Catalogs::family_cpu(const std::string& provider, const std::string& name) const {
  for (const InstanceFamily& family : families) {
    if (family.provider == provider && matches_pattern(family.instances, name)) return family.cpu;
  }
  return "";
}

static std::optional<std::chrono::sys_days> parse_date(const std::string& iso) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  if (std::sscanf(iso.c_str(), "%d-%u-%u", &year, &month, &day) != 3) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date};
}

bool is_iso_date(const std::string& text) { return text.size() == 10 && parse_date(text).has_value(); }

void mark_stale_catalogs(Catalogs& catalogs, const std::string& today, int max_age_days) {
  const auto now = parse_date(today);
  if (!now) throw std::invalid_argument("not a date YYYY-MM-DD: \"" + today + "\"");
  for (auto& catalog : catalogs.catalogs) {
    const auto as_of = parse_date(catalog.as_of);
    catalog.stale = catalog.holds_prices && (!as_of || (*now - *as_of).count() > max_age_days);
  }
}

}  // namespace advise
