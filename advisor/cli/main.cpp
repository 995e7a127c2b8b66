// advise: the executable. One catch, one exit code per kind of failure.

#include <iostream>

#include "advisor/cli/cli.hpp"
#include "advisor/cli/errors.hpp"
#include "probes/probe_results.hpp"

int main(int argc, char** argv) {
  try {
    return advise::run_cli(argc, argv);
  } catch (const advise::InputError& e) {
    std::cerr << "advise: error: " << e.what() << "\n";
    return advise::kExitBadInput;
  } catch (const advise::UsageError& e) {
    std::cerr << "advise: error: " << e.what() << "\n";
    return advise::kExitBadInput;
  } catch (const advise::ProbeResultsError& e) {
    std::cerr << "advise: error: " << e.what() << "\n";
    return advise::kExitBadInput;
  } catch (const advise::ProbeError& e) {
    std::cerr << "advise: probe failed: " << e.what() << "\n";
    return advise::kExitProbeFailure;
  } catch (const std::exception& e) {
    std::cerr << "advise: internal error: " << e.what() << "\n";
    return advise::kExitInternal;
  }
}
