#pragma once
// Probe results cached per machine fingerprint, so a second `advise` on the
// same machine measures only shapes it has not seen. A cache file that does
// not parse, or that was measured on another machine or configuration, is
// ignored with a warning, never trusted, and never lost: it is set aside
// before a new one is written. A file that cannot be read is left alone.

#include <optional>
#include <string>
#include <vector>

#include "arithmetic_probe.hpp"
#include "framework_calibration.hpp"
#include "measurement.hpp"

namespace advise {

// What must match for a measurement to be reused: CPU model, topology, the
// threads the probe used, the ISA oneDNN dispatches to, the oneDNN version and
// the probe's own method version.
struct MachineFingerprint {
  std::string cpu_model;
  int cores = 0;
  int threads = 0;
  int threads_used = 0;
  std::string isa;
  std::string onednn_version;
  int probe_version = 0;

  std::string text() const;  // one line, e.g. for messages
  bool operator==(const MachineFingerprint&) const = default;
};

MachineFingerprint current_fingerprint(int threads_used);

// What load_cache found at the path.
enum class CacheFile { missing, loaded, unreadable, corrupt, foreign };

struct CachedProfile {
  CacheFile file = CacheFile::missing;
  std::optional<CpuFacts> cpu;
  std::optional<BandwidthMeasurement> bandwidth;
  std::optional<std::vector<BandwidthMeasurement>> bandwidth_curve;
  std::optional<Measurement> reference_gemm;
  std::vector<Measurement> gemms;
  std::vector<ConvMeasurement> convolutions;
  std::vector<ArithmeticMeasurement> arithmetic;
  std::optional<FrameworkCalibration> calibration;  // `advise calibrate pytorch` on this machine
};

// $XDG_CACHE_HOME/advise (default ~/.cache/advise); empty if neither is set.
std::string default_cache_dir();

// The file for `fingerprint` in `directory`.
std::string cache_file(const std::string& directory, const MachineFingerprint& fingerprint);

// Reads `path`; a missing file gives an empty profile, an unreadable, corrupt or
// foreign one an empty profile (`file` says which) and a line in `warnings`.
CachedProfile load_cache(const std::string& path, const MachineFingerprint& fingerprint,
                         std::vector<std::string>& warnings);

// `fresh` (what this run measured, its entries first) with what `stored` had that
// this run did not measure again: a --reprobe refreshes entries, it loses none.
CachedProfile merge_cache(CachedProfile fresh, const CachedProfile& stored);

// Writes what this run learnt to `path` unless that would lose something the user had:
// an unreadable file is left alone (with a warning); a corrupt or foreign one is renamed
// to `path`.corrupt or `path`.foreign first. Each warning names the file.
void update_cache(const std::string& path, const MachineFingerprint& fingerprint, const CachedProfile& fresh,
                  const CachedProfile& stored, std::vector<std::string>& warnings);

// Writes atomically (temporary file, then rename); a failure is a warning, not an error.
void save_cache(const std::string& path, const MachineFingerprint& fingerprint, const CachedProfile& profile,
                std::vector<std::string>& warnings);

}  // namespace advise
