#define BOOST_TEST_MODULE probes_tests
#include <boost/test/unit_test.hpp>
