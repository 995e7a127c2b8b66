// advise: the executable. One catch, one exit code per kind of failure (errors.hpp).

#include <iostream>

#include "advisor/cli/cli.hpp"
#include "advisor/cli/errors.hpp"

int main(int argc, char** argv) {
  try {
    return advise::run_cli(argc, argv);
  } catch (...) {
    return advise::report_failure(std::current_exception(), std::cerr);
  }
}
