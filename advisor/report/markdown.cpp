// The advice as markdown: the recommendation, the options table with each option's JSON id,
// and the evidence (model, machine, catalogs), to paste into an issue, a wiki or a review.

#include <sstream>

#include "advisor/report/options_table.hpp"
#include "advisor/report/report.hpp"
#include "advisor/report/table_sections.hpp"

namespace advise {
namespace {

// Text the terminal report prints as it is, kept verbatim in a fenced block.
void write_fenced(std::ostream& out, const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  if (trimmed.empty()) return;
  out << "```text\n" << trimmed << "\n```\n\n";
}

void write_catalog_table(std::ostream& out, const Advice& advice) {
  TextTable table;
  table.columns = {{"catalog", false, 0}, {"provider", false, 0}, {"as of", false, 0}, {"stale", false, 0}};
  for (const CatalogInfo& catalog : advice.catalogs) {
    table.rows.push_back(
        {{catalog.file, catalog.provider, catalog.as_of, staleness_text(catalog, "no")}, ""});
  }
  write_markdown_table(out, table);
}

}  // namespace

void write_markdown(std::ostream& out, const Advice& advice, const TableStyle& style) {
  const Recommendation& recommendation = advice.decision.recommendation;
  out << "# advise: " << advice.workload.model_name << "\n\n";
  out << "**" << recommendation.sentence << "**\n\n";
  if (!recommendation.idle_reminder.empty()) out << recommendation.idle_reminder << "\n\n";

  out << "## Options\n\nRanked by " << to_string(recommendation.objective) << "; one run = "
      << format_count(advice.workload.epochs, "epoch")
      << "; `>>` marks the recommendation, `x` an option that cannot run it; band = plausible range; "
         "source: measured on this machine, transferred from probe results, scaled from this CPU, or predicted "
         "from the GPU's specs.\n\n";
  const OptionsTableStyle options_style{style.max_options, true, 0};
  write_markdown_table(out, options_table(advice, options_style));
  if (const std::size_t hidden = options_not_shown(advice, options_style); hidden > 0) {
    out << "\n" << hidden << " more options (`--all` lists every one).\n";
  }
  std::ostringstream left_out;
  write_left_out(left_out, advice.decision, "- ");
  if (!left_out.str().empty()) out << "\n" << left_out.str();
  out << "\n";

  std::ostringstream buy;
  write_buy_vs_rent(buy, advice);
  if (!buy.str().empty()) {
    out << "## Buy vs rent\n\n";
    write_fenced(out, buy.str());
  }
  out << "## Model and machine\n\n";
  std::ostringstream facts;
  write_model(facts, advice.workload);
  write_machine(facts, advice);
  write_fenced(out, facts.str());
  out << "## Catalogs\n\n";
  write_catalog_table(out, advice);
}

}  // namespace advise
