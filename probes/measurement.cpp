#include "measurement.hpp"

#include <ostream>

namespace advise {

std::string to_string(ProbeStatus status) {
  switch (status) {
    case ProbeStatus::ok: return "ok";
    case ProbeStatus::failed: return "failed";
    case ProbeStatus::skipped: return "skipped";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, ProbeStatus status) { return out << to_string(status); }

std::ostream& operator<<(std::ostream& out, const GemmShape& shape) {
  return out << shape.m << "x" << shape.n << "x" << shape.k << " " << shape.dtype << " "
             << (shape.a_transposed ? "T" : "N") << (shape.b_transposed ? "T" : "N");
}

}  // namespace advise
