// The CPU facts measured once per machine: a cache bandwidth slower than memory marks a probe
// that waited behind other work, whose figures are not kept.

#include <boost/test/unit_test.hpp>

#include "probes/fixed_probes.hpp"

using namespace advise;

namespace {

BandwidthMeasurement triad(std::int64_t array_bytes, double bytes_per_s) {
  BandwidthMeasurement point;
  point.array_bytes = array_bytes;
  point.bytes_per_s_median = point.bytes_per_s_best = bytes_per_s;
  point.samples = 5;
  point.verified = true;
  point.status = ProbeStatus::ok;
  return point;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fixed_probes)

BOOST_AUTO_TEST_CASE(a_cache_slower_than_memory_marks_a_busy_machine) {
  MachineProfile profile;
  profile.bandwidth = triad(64 << 20, 30e9);
  profile.bandwidth_curve = {triad(256 << 10, 100e9), triad(1 << 20, 120e9), triad(32 << 20, 25e9)};
  BOOST_TEST(!cache_slower_than_memory(profile));  // beyond the caches, memory-level noise is no sign
  profile.bandwidth_curve[0] = triad(256 << 10, 0.1e9);  // every size the same time: a time slice
  BOOST_TEST(cache_slower_than_memory(profile));
  profile.bandwidth_curve[0].status = ProbeStatus::failed;  // a point that failed says nothing
  BOOST_TEST(!cache_slower_than_memory(profile));
  profile.bandwidth_curve[0].status = ProbeStatus::ok;
  profile.bandwidth.status = ProbeStatus::failed;  // nor does a memory probe that failed
  BOOST_TEST(!cache_slower_than_memory(profile));
  profile.bandwidth = triad(16 << 20, 200e9);  // held to 16 MiB arrays by a memory cap: a cache
  BOOST_TEST(!cache_slower_than_memory(profile));
}

BOOST_AUTO_TEST_SUITE_END()
