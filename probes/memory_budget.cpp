#include "memory_budget.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace advise {
namespace {

// The value of `key` (in kB) in /proc/meminfo's format; 0 when absent.
std::int64_t meminfo_bytes(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    std::int64_t kilobytes = 0;
    if (fields >> kilobytes && kilobytes > 0) return kilobytes * 1024;
  }
  return 0;
}

// One number from a cgroup file; 0 for "max", a missing file or anything else.
std::int64_t cgroup_number(const std::string& path) {
  std::ifstream in(path);
  std::int64_t value = 0;
  if (in >> value && value > 0) return value;
  return 0;
}

}  // namespace

std::int64_t available_memory_bytes(const std::string& meminfo, const std::string& cgroup_dir) {
  std::int64_t available = meminfo_bytes(meminfo, "MemAvailable");
  const std::int64_t limit = cgroup_number(cgroup_dir + "/memory.max");
  if (limit > 0) {
    const std::int64_t left = std::max<std::int64_t>(0, limit - cgroup_number(cgroup_dir + "/memory.current"));
    available = available > 0 ? std::min(available, left) : left;
  }
  return available;
}

std::int64_t probe_memory_cap(std::int64_t available_bytes, std::int64_t fixed_cap) {
  if (available_bytes <= 0) return fixed_cap;
  const auto share = static_cast<std::int64_t>(static_cast<double>(available_bytes) * kProbeMemoryShare);
  return std::min(fixed_cap, std::max(kProbeMemoryFloor, share));
}

}  // namespace advise
