// The CPU facts measured once per machine: a cache bandwidth slower than memory marks a probe
// that waited behind other work, whose figures are not kept.

#include <boost/test/unit_test.hpp>

#include "probes/fixed_probes.hpp"
#include "tests/support/triad_point.hpp"

using namespace advise;
using advise::testing::triad_point;

BOOST_AUTO_TEST_SUITE(fixed_probes)

BOOST_AUTO_TEST_CASE(a_cache_slower_than_memory_marks_a_busy_machine) {
  MachineProfile profile;
  profile.bandwidth = triad_point(64 << 20, 30e9);
  profile.bandwidth_curve = {triad_point(256 << 10, 100e9), triad_point(1 << 20, 120e9), triad_point(32 << 20, 25e9)};
  BOOST_TEST(!cache_slower_than_memory(profile));  // beyond the caches, memory-level noise is no sign
  profile.bandwidth_curve[0] = triad_point(256 << 10, 20e9);  // within half of memory: noise, or a sanitizer build
  BOOST_TEST(!cache_slower_than_memory(profile));
  profile.bandwidth_curve[0] = triad_point(256 << 10, 0.1e9);  // every size the same time: a time slice
  BOOST_TEST(cache_slower_than_memory(profile));
  profile.bandwidth_curve[0].status = ProbeStatus::failed;  // a point that failed says nothing
  BOOST_TEST(!cache_slower_than_memory(profile));
  profile.bandwidth_curve[0].status = ProbeStatus::ok;
  profile.bandwidth.status = ProbeStatus::failed;  // nor does a memory probe that failed
  BOOST_TEST(!cache_slower_than_memory(profile));
  profile.bandwidth = triad_point(16 << 20, 200e9);  // held to 16 MiB arrays by a memory cap: a cache
  BOOST_TEST(!cache_slower_than_memory(profile));
}

// A slow cache point beside other work marks every figure as slow; with the cores otherwise quiet
// it is the probe's own threads waking between passes, and the figures hold.
BOOST_AUTO_TEST_CASE(a_slow_cache_point_is_other_work_only_when_others_held_the_cores) {
  MachineProfile profile;
  profile.bandwidth = triad_point(64 << 20, 30e9);
  profile.bandwidth_curve = {triad_point(768 << 10, 1e9), triad_point(32 << 20, 25e9)};
  BOOST_TEST((slow_cache_cause(profile, 1.3) == SlowCacheCause::other_work));
  BOOST_TEST((slow_cache_cause(profile, std::nullopt) == SlowCacheCause::other_work));  // no reading: assume the worst
  BOOST_TEST((slow_cache_cause(profile, 0.05) == SlowCacheCause::own_waits));
  profile.bandwidth_curve[0] = triad_point(768 << 10, 120e9);
  BOOST_TEST((slow_cache_cause(profile, 1.3) == SlowCacheCause::none));  // the machine-wide check says the rest
}

BOOST_AUTO_TEST_SUITE_END()
