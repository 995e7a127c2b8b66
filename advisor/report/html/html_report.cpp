#include "advisor/report/html/html_report.hpp"

#include <sstream>

#include "advisor/report/html/charts.hpp"
#include "advisor/report/html/page_style.hpp"
#include "advisor/report/html/svg.hpp"
#include "advisor/report/options_table.hpp"
#include "advisor/report/table_sections.hpp"

namespace advise {
namespace {

using svg::escape;

void write_html_table(std::ostream& out, const TextTable& table) {
  bool any_tail = false;
  for (const TableRow& row : table.rows) any_tail = any_tail || !row.tail.empty();
  out << "<div class=\"scroll\"><table>\n<thead><tr>";
  for (const TableColumn& column : table.columns) {
    out << "<th" << (column.right_aligned ? " class=\"num\"" : "") << ">" << escape(column.header) << "</th>";
  }
  out << (any_tail ? "<th>note</th>" : "") << "</tr></thead>\n<tbody>\n";
  for (const TableRow& row : table.rows) {
    const char* css = row.emphasis == RowEmphasis::chosen  ? " class=\"chosen\""
                      : row.emphasis == RowEmphasis::muted ? " class=\"infeasible\""
                                                           : "";
    out << "<tr" << css << ">";
    // A row that cannot be used fills only its first cells: its reason takes the empty ones too,
    // rather than squeezing into the note column.
    const std::size_t filled = filled_cells(row, table.columns.size());
    const bool reason_spans = !row.tail.empty() && filled > 0 && filled < table.columns.size();
    const std::size_t cells = reason_spans ? filled : table.columns.size();
    for (std::size_t i = 0; i < cells; ++i) {
      out << "<td" << (table.columns[i].right_aligned ? " class=\"num\"" : "") << ">"
          << escape(i < row.cells.size() ? row.cells[i] : "") << "</td>";
    }
    if (reason_spans) {
      out << "<td class=\"note\" colspan=\"" << table.columns.size() - filled + 1 << "\">" << escape(row.tail)
          << "</td>";
    } else if (any_tail) {
      out << "<td class=\"note\">" << escape(row.tail) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
}

void write_section(std::ostream& out, const std::string& id, const std::string& heading, const std::string& caption,
                   const std::string& body) {
  out << "<section id=\"" << id << "\">\n<h2>" << escape(heading) << "</h2>\n";
  if (!caption.empty()) out << "<p class=\"caption\">" << escape(caption) << "</p>\n";
  out << body << "</section>\n";
}

std::string preformatted(const std::string& text) { return "<pre>" + escape(text) + "</pre>\n"; }

// The best rows first; the rest folded away (<details> opens without a script).
std::string options_section(const Advice& advice) {
  constexpr std::size_t kRowsShown = 25;
  std::ostringstream body;
  TextTable table = options_table(advice, OptionsTableStyle{0, false, 0});
  if (table.rows.size() > kRowsShown + 5) {
    TextTable rest{table.columns, {table.rows.begin() + kRowsShown, table.rows.end()}};
    table.rows.resize(kRowsShown);
    write_html_table(body, table);
    body << "<details><summary>" << rest.rows.size() << " more options</summary>\n";
    write_html_table(body, rest);
    body << "</details>\n";
  } else {
    write_html_table(body, table);
  }
  std::ostringstream left_out;
  write_left_out(left_out, advice.decision, "");
  if (!left_out.str().empty()) body << preformatted(left_out.str());
  return body.str();
}

std::string catalogs_section(const Advice& advice) {
  TextTable table;
  table.columns = {{"catalog", false, 0},
                   {"provider", false, 0},
                   {"as of", false, 0},
                   {"staleness", false, 0},
                   {"source", false, 0}};
  for (const CatalogInfo& catalog : advice.catalogs) {
    TableRow row{{catalog.file, catalog.provider, catalog.as_of,
                  staleness_text(catalog, "current"), catalog.source},
                 ""};
    if (catalog.stale) row.emphasis = RowEmphasis::warning;
    table.rows.push_back(row);
  }
  std::ostringstream body;
  write_html_table(body, table);
  return body.str();
}

std::string facts_text(const Advice& advice) {
  std::ostringstream facts;
  write_model(facts, advice.workload);
  write_machine(facts, advice);
  return facts.str();
}

}  // namespace

void write_html(std::ostream& out, const Advice& advice) {
  const Recommendation& recommendation = advice.decision.recommendation;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>advise: "
      << escape(advice.workload.model_name) << "</title>\n<style>" << kReportStyle << "</style>\n</head>\n<body>\n";
  out << "<h1>Where to train " << escape(advice.workload.model_name) << "</h1>\n";
  out << "<p class=\"recommendation\">" << escape(recommendation.sentence) << "</p>\n";
  if (!recommendation.idle_reminder.empty())
    out << "<p class=\"reminder\">" << escape(recommendation.idle_reminder) << "</p>\n";
  write_section(
      out, "scatter", "Time and cost of one run",
      "Every option that can run the training; log axes. Dashed: the cheap-and-fast front (no option is "
      "both faster and cheaper). Bars: the plausible range. Squares: this machine. Hover a point for its figures.",
      cost_time_scatter(advice));
  write_section(out, "options", "Options",
                "Ranked by " + to_string(recommendation.objective) +
                    "; one run = " + format_count(advice.workload.epochs, "epoch") +
                    "; >> marks the recommendation, x an option that "
                    "cannot run it. source: measured here, transferred from probe results, scaled from this CPU, or "
                    "predicted from the GPU's specs.",
                options_section(advice));
  write_section(out, "breakdown", "Where a step's time goes",
                "Each bar is one step on that device (100%), split by kind of work.", step_breakdown_bars(advice));
  write_section(out, "roofline", "This machine's roofline",
                "Measured peak and memory bandwidth (triad); each dot one of the model's GEMMs as timed here, "
                "result verified.",
                roofline_chart(advice));
  if (const std::string gpu = gpu_roofline_chart(advice); !gpu.empty()) {
    write_section(out, "gpu-roofline", "This machine's GPU's roofline",
                  "Its peaks (dense) and measured memory bandwidth (triad); each dot one of the model's GEMMs as "
                  "timed on it with cuBLASLt, in the precision it runs it in, result verified.",
                  gpu);
  }
  write_section(out, "memory", "Memory",
                "What the training holds, and each device's memory (log axis) with the model's need per device "
                "marked: green fits, red does not.",
                memory_chart(advice));
  std::ostringstream buy;
  write_buy_vs_rent(buy, advice);
  if (!buy.str().empty()) write_section(out, "buy", "Buy or rent", "", preformatted(buy.str()));
  write_section(out, "facts", "The model and this machine", "", preformatted(facts_text(advice)));
  write_section(out, "catalogs", "Catalogs used", "", catalogs_section(advice));
  out << "<p class=\"caption\">Written by advise. Figures labelled measured were timed on this machine with their "
         "results checked; the others are predictions with the plausible range shown.</p>\n</body>\n</html>\n";
}

}  // namespace advise
