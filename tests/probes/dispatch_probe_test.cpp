#include <boost/test/unit_test.hpp>

#include "probes/dispatch_probe.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(dispatch_probe)

BOOST_AUTO_TEST_CASE(the_dispatch_probe_checks_its_operations_and_reports_a_time_per_operation) {
  const DispatchMeasurement m = probe_dispatch(0.02);
  BOOST_TEST(m.status == ProbeStatus::ok);
  BOOST_TEST(m.verified);
  BOOST_TEST(m.samples >= 3);
  BOOST_TEST(m.seconds_per_operation > 0);
  BOOST_TEST(m.reason.empty());
}

BOOST_AUTO_TEST_SUITE_END()
