#pragma once
// A fixture for the layout check: the model stage reaching up into the CLI.

#include "advisor/cli/cli.hpp"
