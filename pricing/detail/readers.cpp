#include "pricing/detail/readers.hpp"

namespace advise::detail {
namespace {

// Reads the figures of a table that later files override field by field ([prediction],
// [local]): the first table given must give them all, so that none has a silent default;
// a later one changes only what it gives.
class OverlayReader {
 public:
  OverlayReader(FieldReader& fields, bool over_earlier) : fields_(fields), over_earlier_(over_earlier) {}
  void operator()(const char* key, double min, double max, double& value) {
    value = over_earlier_ ? fields_.optional_number(key, min, max).value_or(value) : fields_.required_number(key, min, max);
  }
  // A figure later versions added: optional everywhere, `scale` turns its unit into the field's.
  void optional(const char* key, double min, double max, double& value, double scale = 1) {
    if (const auto given = fields_.optional_number(key, min, max)) value = *given * scale;
  }
  void source(std::string& value) {
    value = over_earlier_ ? fields_.optional_string("source").value_or(value) : fields_.required_string("source");
  }

 private:
  FieldReader& fields_;
  bool over_earlier_;
};

}  // namespace

CatalogInfo read_header(FieldReader& top, const std::string& file) {
  const toml::table* header = top.optional_table("catalog");
  if (!header) {
    throw InputError(top.position(), "catalog",
                     "missing required table [catalog] (with provider, currency, as_of, source)");
  }
  FieldReader fields(*header, file, "catalog");
  CatalogInfo info;
  info.file = file;
  info.provider = fields.required_string("provider");
  info.currency = fields.required_string("currency");
  // "unknown": prices whose date nobody gave (an import without --as-of); always stale.
  const toml::node* as_of = header->get("as_of");
  const bool unknown = as_of && as_of->value<std::string>() == kUnknownDate;
  info.as_of = unknown ? fields.required_string("as_of") : fields.required_date("as_of");
  info.source = fields.required_string("source");
  fields.optional_string("note");
  fields.reject_unknown_fields();
  return info;
}

GpuSpec read_gpu(FieldReader& fields) {
  GpuSpec gpu;
  gpu.name = fields.required_string("name");
  if (const toml::array* aliases = fields.optional_array("aliases")) {
    for (const toml::node& alias : *aliases) {
      if (!alias.is_string()) fields.fail("aliases", "expected strings, got " + describe_value(alias));
      gpu.aliases.push_back(alias.as_string()->get());
    }
  }
  gpu.memory_bytes = static_cast<std::int64_t>(fields.required_number("memory_gib", 1, 65536) * kGiB);
  gpu.bandwidth_bytes_per_s = fields.required_number("bandwidth_gb_per_s", 1, 1e6) * kGiga;
  gpu.peak_flops["fp32"] = fields.required_number("fp32_tflops", 0.1, 1e5) * kTera;
  for (const char* precision : {"tf32", "bf16", "fp16"}) {
    const auto tflops = fields.optional_number(std::string(precision) + "_tflops", 0.1, 1e5);
    if (tflops) gpu.peak_flops[precision] = *tflops * kTera;
  }
  gpu.sm_count = fields.optional_integer("sm_count", 1, 100000).value_or(0);
  gpu.tdp_watts = fields.required_number("tdp_watts", 1, 5000);
  gpu.purchase_usd = fields.optional_number("purchase_usd", 1, 1e7);
  gpu.architecture = fields.optional_string("architecture").value_or("");
  gpu.interconnect = fields.optional_string("interconnect").value_or("");
  gpu.interconnect_bytes_per_s = fields.optional_number("interconnect_gb_per_s", 1, 1e5).value_or(0) * kGiga;
  gpu.tensor_rate_halved = fields.optional_bool("tensor_rate_halved").value_or(false);
  gpu.source = fields.required_string("source");
  fields.optional_string("note");
  return gpu;
}

CpuSpec read_cpu(FieldReader& fields) {
  CpuSpec cpu;
  cpu.name = fields.required_string("name");
  cpu.microarchitecture = fields.required_string("microarchitecture");
  cpu.fp32_flops_per_cycle_per_core = fields.required_number("fp32_flops_per_cycle_per_core", 1, 1024);
  cpu.bf16_flops_per_cycle_per_core =
      fields.optional_number("bf16_flops_per_cycle_per_core", 1, 8192).value_or(cpu.fp32_flops_per_cycle_per_core);
  cpu.all_core_clock_hz = fields.required_number("all_core_clock_ghz", 0.1, 10) * kGiga;
  cpu.socket_bandwidth_bytes_per_s = fields.required_number("socket_bandwidth_gb_per_s", 1, 1e5) * kGiga;
  cpu.threads_per_core = fields.optional_integer("threads_per_core", 1, 8).value_or(2);
  cpu.cores = fields.optional_integer("cores", 1, 4096).value_or(0);
  cpu.vector_width_bits = fields.optional_integer("vector_width_bits", 64, 2048).value_or(0);
  cpu.fma_units = fields.optional_integer("fma_units", 1, 16).value_or(0);
  cpu.tdp_watts = fields.optional_number("tdp_watts", 1, 5000).value_or(0);
  cpu.source = fields.required_string("source");
  fields.optional_string("note");
  return cpu;
}

PredictionConstants read_prediction(FieldReader& fields, const std::optional<PredictionConstants>& earlier) {
  PredictionConstants p = earlier.value_or(PredictionConstants{});
  OverlayReader number(fields, earlier.has_value());
  number("gemm_efficiency", 0.01, 1, p.gemm_efficiency);
  number("bandwidth_efficiency", 0.01, 1, p.bandwidth_efficiency);
  number("seconds_per_kernel", 0, 1, p.seconds_per_kernel);
  number("tile_rows", 1, 4096, p.tile_rows);
  number("tile_cols", 1, 4096, p.tile_cols);
  number("allreduce_efficiency", 0.01, 1, p.allreduce_efficiency);
  number.optional("allreduce_overlap", 0, 1, p.allreduce_overlap);
  number.optional("allreduce_bucket_mib", 1, 1e5, p.allreduce_bucket_bytes, 1024.0 * 1024.0);
  number.optional("allreduce_latency_us", 0, 1e5, p.allreduce_latency_seconds, 1e-6);
  number.optional("allreduce_slow_share", 0, 1, p.allreduce_slow_share);
  number.optional("gemm_k_half", 0, 1e5, p.gemm_k_half);
  number.optional("gemm_k_half_ridge_exponent", 0, 2, p.gemm_k_half_ridge_exponent);
  number.optional("gemm_k_half_reference_ridge", 1, 1e4, p.gemm_k_half_reference_ridge);
  number.optional("peak_exponent", 0, 1, p.peak_exponent);
  number.optional("peak_reference_tflops", 0.1, 1e5, p.peak_reference_flops, 1e12);
  number.optional("power_reference_watts_per_sm", 0, 100, p.power_reference_watts_per_sm);
  number.optional("power_exponent", 0, 2, p.power_exponent);
  number.optional("calibrated_min_watts_per_sm", 0, 100, p.calibrated_min_watts_per_sm);
  number.optional("calibrated_max_tensor_tflops", 0, 1e6, p.calibrated_max_tensor_flops, 1e12);
  number("spot_interruptions_per_hour", 0, 100, p.spot_interruptions_per_hour);
  number("spot_restart_seconds", 0, 86400, p.spot_restart_seconds);
  number("checkpoint_interval_seconds", 1, 864000, p.checkpoint_interval_seconds);
  number.source(p.source);
  fields.optional_string("note");
  return p;
}

ArchitectureConstants read_architecture(FieldReader& fields, std::string& name) {
  ArchitectureConstants a;
  name = fields.required_string("name");
  a.tensor_efficiency = fields.required_number("tensor_efficiency", 0.01, 1);
  a.fp32_efficiency = fields.required_number("fp32_efficiency", 0.01, 1);
  a.bandwidth_efficiency = fields.required_number("bandwidth_efficiency", 0.01, 1);
  a.tf32_efficiency = fields.optional_number("tf32_efficiency", 0.01, 1).value_or(0);
  a.reason = fields.required_string("reason");
  return a;
}

// machine_purchase_usd may be left out even in the first [local] table: a machine already paid for.
LocalCosts read_local(FieldReader& fields, const std::optional<LocalCosts>& earlier) {
  LocalCosts local = earlier.value_or(LocalCosts{});
  OverlayReader number(fields, earlier.has_value());
  number("usd_per_kwh", 0, 10, local.usd_per_kwh);
  number("machine_watts", 1, 100000, local.machine_watts);
  local.machine_purchase_usd = fields.optional_number("machine_purchase_usd", 0, 1e7).value_or(local.machine_purchase_usd);
  number("hours_per_year", 1, 8784, local.hours_per_year);
  number("amortisation_years", 0.1, 50, local.amortisation_years);
  number.source(local.source);
  fields.optional_string("note");
  return local;
}

InstanceFamily read_family(FieldReader& fields) {
  InstanceFamily family;
  family.provider = fields.required_string("provider");
  family.instances = fields.required_string("instances");
  family.cpu = fields.required_string("cpu");
  family.source = fields.required_string("source");
  fields.optional_string("note");
  family.origin = fields.position("cpu");
  return family;
}

}  // namespace advise::detail
