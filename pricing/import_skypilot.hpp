#pragma once
// Converts a SkyPilot catalog CSV (vms.csv) into an advise catalog in TOML, so
// users can refresh prices from a catalog they already have.
//
// One instance per (InstanceType, Region): on-demand and spot are the lowest
// over the region's zones; a spot price not below on-demand means no spot offer.
// Rows with an empty InstanceType are GPU add-on prices (GCP bills VM + GPU):
// they are added to the machine types that carry that GPU and count in that
// region. GPUs the hardware catalog does not know are left out, and listed.

#include <istream>
#include <string>

#include "catalog.hpp"

namespace advise {

struct SkypilotImport {
  std::string provider;
  std::string as_of;   // YYYY-MM-DD, or kUnknownDate
  std::string source;  // e.g. the CSV's file name and where it came from
};

// Throws InputError (naming `file_name`, its line and the column) on malformed input.
std::string import_skypilot_csv(std::istream& csv, const std::string& file_name, const SkypilotImport& settings,
                                const Catalogs& hardware);

}  // namespace advise
