#pragma once
// The [catalog] header every test catalog starts with.

#include <string>

namespace advise::testing {

inline const std::string kCatalogHeader = R"([catalog]
provider = "testcloud"
currency = "USD"
as_of = 2025-06-01
source = "written by the test"
)";

}  // namespace advise::testing
