#pragma once
// The report's stylesheet: readable from 400 px to 1280 px wide, and on A4 paper.

namespace advise {

inline constexpr const char* kReportStyle = R"css(
:root { --ink: #1d2330; --muted: #5b6475; --line: #d5d9e0; --accent: #0b6e4f; --warn: #a15c00; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; padding: 16px; max-width: 1100px; }
h1 { font-size: 1.5em; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; border-bottom: 1px solid var(--line); padding-bottom: 0.2em; }
.recommendation { font-size: 1.08em; background: #eef7f3; border-left: 5px solid var(--accent); padding: 10px 14px; }
.reminder { background: #fff6e8; border-left: 5px solid var(--warn); padding: 8px 14px; }
.caption, .empty { color: var(--muted); font-size: 0.9em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.86em; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.num, th.num { text-align: right; }
tr.chosen td { background: #eef7f3; font-weight: 600; }
tr.infeasible td { color: var(--muted); }
td.note { white-space: normal; min-width: 16em; color: var(--muted); }
pre { background: #f5f6f8; padding: 10px; overflow-x: auto; font-size: 0.8em; }
svg.chart { width: 100%; height: auto; display: block; margin: 6px 0; }
svg text { font-family: inherit; fill: var(--ink); }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .axis-name, svg .bar-heading { font-size: 12.5px; }
svg .grid { stroke: #eceef2; }
svg .plot { fill: none; stroke: var(--line); }
svg .point circle { fill: #7d8aa3; fill-opacity: 0.75; }
svg .point.on-front circle { fill: #2f5fb3; }
svg .point .band { stroke: #9aa5b8; stroke-width: 1; }
svg .point.chosen circle { fill: var(--accent); stroke: #fff; stroke-width: 2; }
svg .point.this-cpu rect { fill: #c2410c; }
svg .point.this-gpu rect { fill: #7c3aed; }
svg .label { font-size: 12px; font-weight: 600; }
svg .front { fill: none; stroke: #2f5fb3; stroke-width: 1.6; stroke-dasharray: 5 3; }
svg .part.gemm rect { fill: #2f5fb3; }
svg .part.memory rect { fill: #d97706; }
svg .part.overhead rect { fill: #7c8799; }
svg .part.allreduce rect { fill: #b91c1c; }
svg .in-bar { font-size: 11px; fill: #fff; }
@media print { .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
svg .roof { fill: none; stroke-width: 2; }
svg .roof.fp32 { stroke: #2f5fb3; }
svg .roof.bf16, svg .roof.fp16 { stroke: #0b6e4f; stroke-dasharray: 6 3; }
svg .roof.tf32 { stroke: #7c3aed; stroke-dasharray: 2 3; }
svg .gemm.tf32 circle { fill: #7c3aed; }
svg .gemm.fp32 circle { fill: #2f5fb3; }
svg .gemm circle { fill: #0b6e4f; fill-opacity: 0.8; }
svg .mem1 rect { fill: #2f5fb3; } svg .mem2 rect { fill: #5b8bd9; } svg .mem3 rect { fill: #d97706; }
svg .mem4 rect { fill: #7c3aed; } svg .mem5 rect { fill: #0b6e4f; }
svg .device.fits rect { fill: #9cc9b5; } svg .device.too-small rect { fill: #e9a6a6; }
svg .need { stroke: var(--ink); stroke-width: 2; }
.legend { font-size: 0.88em; }
.legend span { display: inline-block; margin-right: 1.2em; white-space: nowrap; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.35em; vertical-align: -0.1em; }
.swatch.gemm { background: #2f5fb3; } .swatch.memory { background: #d97706; }
.swatch.overhead { background: #7c8799; } .swatch.allreduce { background: #b91c1c; }
details summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
@media (max-width: 600px) {
  body { font-size: 14px; padding: 8px; }
  table { font-size: 0.78em; }
  /* The charts shrink to half their drawn size here: their text grows to stay readable. */
  svg .tick { font-size: 19px; }
  svg .axis-name, svg .bar-heading, svg .label { font-size: 21px; }
  svg .in-bar { font-size: 18px; }
}
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  section { break-inside: avoid; }
  .scroll { overflow: visible; }
  table { font-size: 7.5pt; }
  th, td { white-space: normal; }
}
)css";

}  // namespace advise
