#pragma once
// Plain value types for prices and hardware specs. Units are in the names:
// money in the catalog's currency per hour, sizes in bytes, rates per second.
// Nothing here knows about probes or models.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "input_error.hpp"

namespace advise {

// The `as_of` of prices whose date is not known: such a catalog is always stale.
inline constexpr const char* kUnknownDate = "unknown";

// Where a catalog came from, as shown in every report that uses it.
struct CatalogInfo {
  std::string file;
  std::string provider;
  std::string currency;
  std::string as_of;  // ISO date, YYYY-MM-DD, or kUnknownDate
  std::string source;
  // Instance prices, purchase prices or local running costs: what goes stale. Specs, instance
  // families and fitted constants carry a date too, but no price to check.
  bool holds_prices = false;
  bool stale = false;  // prices older than the limit; set against a "today" by mark_stale_catalogs()
};

struct Instance {
  std::string provider;
  std::string name;
  std::string region;
  std::int64_t vcpus = 0;
  std::int64_t memory_bytes = 0;
  std::string cpu;                 // key into the CPU specs; empty if unknown (see InstanceFamily)
  std::string gpu;                 // key into the GPU specs; empty for a CPU-only instance
  std::int64_t gpu_count = 0;
  double usd_per_hour = 0;
  std::optional<double> spot_usd_per_hour;
  std::int64_t billing_seconds = 1;  // price is charged in whole units of this many seconds
  std::int64_t minimum_billed_seconds = 60;
  std::string catalog_file;
  SourcePosition gpu_origin;  // where `gpu` was written, for errors found after loading
  SourcePosition cpu_origin;
};

// Dense peak rates of a GPU, FLOP/s per precision name ("fp32", "tf32", "bf16", "fp16").
struct GpuSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::int64_t memory_bytes = 0;
  double bandwidth_bytes_per_s = 0;
  std::map<std::string, double> peak_flops;
  std::int64_t sm_count = 0;  // streaming multiprocessors; 0 when unknown
  double tdp_watts = 0;
  std::optional<double> purchase_usd;
  std::string architecture;               // volta | turing | ampere | ada | hopper | ...; empty if unknown
  std::string interconnect;               // e.g. "NVLink 4", "PCIe 4.0 x16"; empty if unknown
  double interconnect_bytes_per_s = 0;    // per GPU, both directions; 0 if unknown
  // A GeForce board: its listed fp16/bf16 (fp32-accumulate) and TF32 tensor rates are half of
  // what the same chip's professional board does per SM and clock. Library kernels reach a share
  // of the SMs' full rate; the listed rate is only their ceiling.
  bool tensor_rate_halved = false;
  std::string source;

  // The dense peak for `precision`; the fp32 rate when the GPU has none for it
  // (a T4 has no bf16 units: bf16 work runs at its fp32 rate).
  double peak_flops_for(const std::string& precision) const;
};

struct CpuSpec {
  std::string name;
  std::string microarchitecture;
  double fp32_flops_per_cycle_per_core = 0;
  // On the units bf16 GEMMs run on: AMX tiles (1024) or AVX-512 dot products (twice fp32);
  // the fp32 rate where it has neither, as oneDNN then converts bf16 to fp32.
  double bf16_flops_per_cycle_per_core = 0;
  double all_core_clock_hz = 0;
  double socket_bandwidth_bytes_per_s = 0;
  std::int64_t threads_per_core = 2;  // an x86 vCPU is one SMT thread, half a core
  std::int64_t cores = 0;             // per socket; 0 when it varies (cloud parts)
  std::int64_t vector_width_bits = 0;
  std::int64_t fma_units = 0;
  double tdp_watts = 0;
  std::string source;
};

// Costs of running on hardware one owns.
// Each comes from a [local] table (bundled: pricing/data/local.toml, with its source); none
// has a default of its own here.
struct LocalCosts {
  double usd_per_kwh = 0;
  double machine_watts = 0;           // whole machine under CPU training load
  double machine_purchase_usd = 0;    // this machine's price, spread over its amortisation hours
  // A bought GPU's (and this machine's) price is spread over this many hours of use.
  double hours_per_year = 0;
  double amortisation_years = 0;
  std::string source;
};

// Which CPU a provider's instances of one family run on, so that a catalog that names no CPU
// (an imported one) still says what to predict from: `instances` is a pattern of names where
// `*` stands for any text ("c6i.*", "n2d-*", "Standard_F*s_v2").
struct InstanceFamily {
  std::string provider;
  std::string instances;
  std::string cpu;  // key into the CPU specs
  std::string source;
  SourcePosition origin;
};

// Whether `name` matches `pattern`, where `*` stands for any text.
bool matches_pattern(const std::string& pattern, const std::string& name);

// A table pricing reads but does not interpret: the TOML as written and the file it came
// from, for the stage that knows what it means ([cpu_framework]: advisor/predict/framework_costs.hpp).
// The table itself is opaque here (toml_fields.hpp defines it), so that what includes the
// catalog types does not compile the TOML library.
struct ParsedTable;
struct UninterpretedTable {
  std::string file;
  std::shared_ptr<const ParsedTable> table;  // null: no such table was given
};

// What one GPU architecture achieves of its datasheet in training, fitted per family (not per
// GPU) on published throughput: library and kernel maturity differ by generation.
struct ArchitectureConstants {
  double tensor_efficiency = 0;     // of the tensor-core peak (tf32, fp16, bf16), for a GEMM that fills the GPU
  double fp32_efficiency = 0;       // of the fp32 peak, likewise
  double bandwidth_efficiency = 0;  // of datasheet memory bandwidth, for memory-bound passes
  std::string reason;
  // Of the TF32 tensor peak, where it differs from the fp16/bf16 share; 0: tensor_efficiency.
  double tf32_efficiency = 0;
};

// The constants of prediction from specs, calibrated against published training throughput
// (bench/run-calibration). Each comes from a [prediction] table, whose file gives its source
// (bundled: pricing/data/prediction.toml); only the figures later versions added have defaults.
struct PredictionConstants {
  double gemm_efficiency = 0;               // of dense peak, for a GEMM that fills the GPU (architecture unknown)
  double bandwidth_efficiency = 0;          // of datasheet memory bandwidth (architecture unknown)
  double seconds_per_kernel = 0;            // framework dispatch + launch per GPU kernel
  double tile_rows = 0;                     // output tile of a GPU GEMM (wave quantisation)
  double tile_cols = 0;
  double allreduce_efficiency = 0;          // of the interconnect's one-way bandwidth
  double allreduce_overlap = 1;             // share of the backward pass an all-reduce hides behind
  double allreduce_bucket_bytes = 25 * 1024.0 * 1024.0;  // gradients are reduced in buckets (PyTorch DDP's default)
  double allreduce_latency_seconds = 0;     // per bucket and ring step
  // The slow end of the band of a step on several GPUs that all-reduce over PCIe: its all-reduce
  // at this share of the link's one-way bandwidth, nothing hidden, as slowly as the slowest tenth
  // of the calibration's multi-GPU runs all-reduced (0: the band is the one-GPU band alone).
  double allreduce_slow_share = 0;
  double gemm_k_half = 0;                   // a GEMM with this K runs at half the efficiency of a deep one (0: none)
  // ... on a GPU whose ridge point (library peak flops per byte of bandwidth) is the reference;
  // elsewhere x (ridge / reference)^exponent (0: the same K everywhere).
  double gemm_k_half_ridge_exponent = 0;
  double gemm_k_half_reference_ridge = 100;
  // Tensor-core GEMMs from the datasheet: the share of the library peak reached falls as that
  // peak grows, efficiency x (peak_reference_flops / peak)^peak_exponent; and a board whose power
  // per SM is below power_reference_watts_per_sm holds a lower clock, x (watts per SM / reference)
  // ^power_exponent. 0: not applied.
  double peak_exponent = 0;
  double peak_reference_flops = 100e12;
  double power_reference_watts_per_sm = 0;
  double power_exponent = 0;
  // The range of the boards those laws were fitted on (0: unknown): a board with less power per
  // SM, or a higher 16-bit library peak, is predicted by extrapolating them, and its note says so.
  double calibrated_min_watts_per_sm = 0;
  double calibrated_max_tensor_flops = 0;
  double spot_interruptions_per_hour = 0;
  double spot_restart_seconds = 0;          // to get a new instance and reload a checkpoint
  double checkpoint_interval_seconds = 0;
  std::map<std::string, ArchitectureConstants> architectures;  // by GpuSpec::architecture
  std::string source;

  // The fitted constants of `architecture`, or the defaults above when it has none.
  ArchitectureConstants for_architecture(const std::string& architecture) const;
};

struct Catalogs {
  std::vector<CatalogInfo> catalogs;
  std::vector<Instance> instances;
  std::vector<GpuSpec> gpus;
  std::vector<CpuSpec> cpus;
  std::vector<InstanceFamily> families;  // later files' first
  std::optional<LocalCosts> local;                // from the [local] tables; none: not given
  std::optional<PredictionConstants> prediction;  // from the [prediction] tables; none: not given
  UninterpretedTable cpu_framework;               // the last [cpu_framework] table given

  // The prediction constants; an InputError when no catalog gave a [prediction] table.
  const PredictionConstants& prediction_constants() const;
  // The costs of owning hardware; an InputError when no catalog gave a [local] table.
  const LocalCosts& local_costs() const;

  const GpuSpec* find_gpu(const std::string& name) const;
  const CpuSpec* find_cpu(const std::string& name) const;
  // The CPU of `provider`'s instance `name` by its family, or "" when no family matches.
  std::string family_cpu(const std::string& provider, const std::string& name) const;
};

// Whether `text` is a valid date YYYY-MM-DD.
bool is_iso_date(const std::string& text);

// Flags every catalog holding prices whose as_of is more than `max_age_days` before `today`
// (YYYY-MM-DD, which must be valid), or unknown.
void mark_stale_catalogs(Catalogs& catalogs, const std::string& today, int max_age_days);

}  // namespace advise
