#pragma once
// Loads price and hardware catalogs from TOML files (format in README.md,
// "Catalogs"). Every problem is an InputError naming file:line:column and the
// field. Later files override earlier ones: an instance with the same
// provider, name and region, or a spec with the same name, is replaced.

#include <string>
#include <vector>

#include "catalog.hpp"

namespace advise {

// Adds one catalog file's contents to `into`.
void load_catalog_file(const std::string& path, Catalogs& into);

// Loads each path in order; a directory contributes its *.toml files in name order.
Catalogs load_catalogs(const std::vector<std::string>& paths);

// Checks what no single file can: instances name known GPUs and CPUs, one currency.
void validate_catalogs(const Catalogs& catalogs);

}  // namespace advise
