#define BOOST_TEST_MODULE pricing_tests
#include <boost/test/unit_test.hpp>
