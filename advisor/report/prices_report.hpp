#pragma once
// Renders `advise prices` rows.

#include <ostream>
#include <vector>

#include "advisor/report/text_table.hpp"
#include "pricing/query.hpp"

namespace advise {

void write_prices_table(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs,
                        const PriceQuery& query, const TerminalStyle& style = {});
void write_prices_markdown(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs,
                           const PriceQuery& query);
void write_prices_json(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs);
void write_prices_csv(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs);

}  // namespace advise
