#pragma once
// Error kinds and the exit codes they map to (report_failure, called by main()):
//   InputError (pricing/input_error.hpp),
//   UsageError, ProbeResultsError         -> 2, bad input, names file:line:column and field
//   ProbeError                            -> 3, a measurement failed or could not be checked
//   anything else                         -> 1, an internal error

#include <exception>
#include <iosfwd>
#include <stdexcept>

#include "pricing/input_error.hpp"

namespace advise {

class ProbeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A command-line usage problem (bad flag value); exits 2 like other bad input.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum ExitCode : int { kExitOk = 0, kExitInternal = 1, kExitBadInput = 2, kExitProbeFailure = 3 };

// Writes the one-line message for `failure` to `err` ("advise: error: …", "advise: probe
// failed: …", "advise: internal error: …") and returns its exit code.
int report_failure(const std::exception_ptr& failure, std::ostream& err);

}  // namespace advise
