#include "advisor/report/options_table.hpp"

#include <algorithm>
#include <cstdio>

namespace advise {
namespace {

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f%%", 100 * fraction);
  return text;
}

// Past the row limit, feasible options are no longer shown (infeasible ones still are, with why).
bool shown(const Option& option, std::size_t rows_shown, const OptionsTableStyle& style) {
  if (!option.left_out_reason.empty()) return false;
  return !(style.max_options > 0 && rows_shown >= style.max_options && option.feasible);
}

// What the row's last words say: why it is not eligible, and how its GPUs share the work.
std::string notes_of(const Option& option, const std::string& excluded) {
  std::string notes = excluded.empty() ? "" : "(" + excluded + ")";
  auto add = [&notes](const std::string& note) { notes += (notes.empty() ? "" : "  ") + note; };
  if (option.step.allreduce_seconds > 0)
    add("all-reduce " + percent(option.step.allreduce_seconds / option.step.seconds) + " of step");
  if (option.step.sharded) add("sharded (ZeRO-3)");
  return notes;
}

}  // namespace

std::string option_label(const Option& option) {
  if (option.kind == OptionKind::this_cpu) return "this CPU";
  if (option.kind == OptionKind::this_gpu) return "this GPU";
  if (option.kind == OptionKind::buy) return "buy " + option.device;
  std::string label = option.provider + " " + option.instance;
  if (option.pricing == PricingMode::spot) label += " (spot)";
  return label;
}

TextTable options_table(const Advice& advice, const OptionsTableStyle& style) {
  const Decision& decision = advice.decision;
  const std::int64_t runs = decision.ranked.empty() ? 1 : decision.ranked.front().runs;
  TextTable table;
  table.columns = {{"", false, 100},          {"option", false, 99}, {"device", false, 50},   {"source", false, 40},
                   {"step", true, 80},        {"run", true, 95},     {"$/hour", true, 60},    {"run $", true, 95},
                   {"run $ band", false, 30}, {"speedup", true, 70}, {"break-even", true, 20}};
  if (runs > 1) table.columns.push_back({std::to_string(runs) + " runs", true, 65});
  if (style.with_ids) table.columns.insert(table.columns.begin() + 2, {"id", false, 10});
  std::size_t rows_shown = 0;
  for (std::size_t i = 0; i < decision.ranked.size(); ++i) {
    const Option& option = decision.ranked[i];
    if (!shown(option, rows_shown, style)) continue;
    ++rows_shown;
    const bool chosen = decision.recommendation.option && *decision.recommendation.option == i;
    std::string device = option.device;
    if (option.device_count > 1) device = std::to_string(option.device_count) + "x " + device;
    if (style.device_width > 1 && device.size() > style.device_width)
      device = device.substr(0, style.device_width - 1) + "~";
    TableRow row;
    if (!option.feasible) {
      row.cells = {"x", option_label(option), device};
      row.tail = decision.excluded[i];
      row.emphasis = RowEmphasis::muted;
    } else {
      row.cells = {chosen ? ">>" : "",
                   option_label(option),
                   device,
                   to_string(option.step.source),
                   format_duration(option.step.seconds),
                   format_duration(option.run_seconds),
                   format_usd(option.usd_per_hour),
                   format_usd(option.run_usd),
                   format_usd(option.run_usd_low) + "-" + format_usd(option.run_usd_high),
                   format_ratio(option.speedup_vs_cpu),
                   format_ratio(option.breakeven_speedup)};
      if (runs > 1) row.cells.push_back(format_duration(option.total_seconds) + ", " + format_usd(option.total_usd));
      row.tail = notes_of(option, decision.excluded[i]);
      row.tail_may_drop = decision.excluded[i].empty();  // the all-reduce share, also in the JSON
      if (chosen) row.emphasis = RowEmphasis::chosen;
    }
    if (style.with_ids) row.cells.insert(row.cells.begin() + 2, option.id);
    table.rows.push_back(row);
  }
  return table;
}

std::size_t options_not_shown(const Advice& advice, const OptionsTableStyle& style) {
  std::size_t rows_shown = 0;
  std::size_t hidden = 0;
  for (const Option& option : advice.decision.ranked) {
    if (!option.left_out_reason.empty()) continue;
    if (shown(option, rows_shown, style)) {
      ++rows_shown;
    } else {
      ++hidden;
    }
  }
  return hidden;
}

void write_left_out(std::ostream& out, const Decision& decision, const std::string& indent) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_reason;
  for (const Option& option : decision.ranked) {
    if (option.left_out_reason.empty()) continue;
    auto group = std::find_if(by_reason.begin(), by_reason.end(),
                              [&](const auto& entry) { return entry.first == option.left_out_reason; });
    if (group == by_reason.end()) group = by_reason.insert(by_reason.end(), {option.left_out_reason, {}});
    group->second.push_back(option_label(option));
  }
  for (const auto& [reason, labels] : by_reason) {
    std::string names = labels.front();
    for (std::size_t i = 1; i < labels.size() && i < 3; ++i) names += ", " + labels[i];
    if (labels.size() > 3) names += " and " + std::to_string(labels.size() - 3) + " more";
    out << indent << labels.size() << (labels.size() == 1 ? " option" : " options") << " left out (" << names
        << "): " << reason << "\n";
  }
}

}  // namespace advise
