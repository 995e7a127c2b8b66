#define BOOST_TEST_MODULE advisor_tests
#include <boost/test/unit_test.hpp>
