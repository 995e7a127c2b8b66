#include "advisor/cli/errors.hpp"

#include <ostream>

#include "probes/probe_results.hpp"

namespace advise {

int report_failure(const std::exception_ptr& failure, std::ostream& err) {
  try {
    std::rethrow_exception(failure);
  } catch (const InputError& e) {
    err << "advise: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const UsageError& e) {
    err << "advise: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const ProbeResultsError& e) {
    err << "advise: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const ProbeError& e) {
    err << "advise: probe failed: " << e.what() << "\n";
    return kExitProbeFailure;
  } catch (const std::exception& e) {
    err << "advise: internal error: " << e.what() << "\n";
    return kExitInternal;
  } catch (...) {
    err << "advise: internal error: an unknown exception\n";
    return kExitInternal;
  }
}

}  // namespace advise
