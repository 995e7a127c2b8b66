#include "advisor/workload/traffic.hpp"

namespace advise {

void add_traffic(std::vector<MemoryTraffic>& traffic, const MemoryTraffic& added) {
  for (auto& entry : traffic) {
    if (entry.kind == added.kind && entry.working_set_bytes == added.working_set_bytes) {
      entry.bytes += added.bytes;
      return;
    }
  }
  traffic.push_back(added);
}

}  // namespace advise
