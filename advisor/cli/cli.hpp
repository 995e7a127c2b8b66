#pragma once
// Command-line interface: parses arguments, runs the command, returns the exit code.

namespace advise {

int run_cli(int argc, char** argv);

}  // namespace advise
