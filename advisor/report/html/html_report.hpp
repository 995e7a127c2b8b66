#pragma once
// The advice as one self-contained HTML page: the recommendation, the charts, the options, the
// evidence. No script, no font or image from the network: it opens anywhere, prints on A4.

#include <ostream>

#include "advisor/report/report.hpp"

namespace advise {

void write_html(std::ostream& out, const Advice& advice);

}  // namespace advise
