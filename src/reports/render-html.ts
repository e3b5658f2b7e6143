/**
 * The HTML renderer: one self-contained file per report (inline CSS, inline script, inline SVG
 * charts; a Content-Security-Policy that forbids every external request), with sortable and
 * filterable tables. Browser-safe: no Node imports.
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';
import { cellText, checkChart, checkRenderOptions, checkReport, Chunker, type ReportChart, type ReportDocument, type ReportTable } from './document.js';
import { kindOf } from '../model/arguments.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/**
 * Text escaped for HTML content and attribute values.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `text` is not a string
 */
export function escapeHtml(text: string): string {
  if (typeof text !== 'string') throw new SecGovError('VALIDATION_FAILED', `invalid text: must be a string, not ${kindOf(text)}`);
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text;
}

const PALETTE = ['#2f6db5', '#e08a2e', '#3a9a5b', '#c0392b', '#8e5fb5', '#6b7a8f', '#b59b2f'];

const STYLE = `
:root{color-scheme:light;--fg:#1d2330;--muted:#5c6578;--line:#d9dee7;--head:#f2f4f8;--accent:#2f6db5}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0;padding:24px 32px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta,.desc{color:var(--muted);margin:2px 0}
dl.summary{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
dl.summary div{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px}
dl.summary dt{color:var(--muted);font-size:12px}dl.summary dd{margin:0;font-size:18px;font-weight:600}
figure{margin:16px 0;display:inline-block;vertical-align:top;margin-right:32px}
figcaption{font-weight:600;margin-bottom:6px}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
.controls{display:flex;gap:12px;align-items:center;margin:6px 0}
.controls input{padding:5px 8px;border:1px solid var(--line);border-radius:4px;min-width:280px;font:inherit}
.count{color:var(--muted)}
.wrap{overflow:auto;max-height:75vh;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%}
th,td{padding:5px 9px;max-width:32em;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--head);position:sticky;top:0;z-index:1;white-space:nowrap}
th button{all:unset;cursor:pointer;font-weight:600}
th button:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] button::after{content:" \\25B2";font-size:10px}
th[aria-sort=descending] button::after{content:" \\25BC";font-size:10px}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafbfc}
tr[hidden]{display:none}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{.controls{display:none}.wrap{max-height:none;overflow:visible}}
`;

// No report data inside the script: it reads the table it finds in the page.
const SCRIPT = `
(function(){
  "use strict";
  function debounce(fn, ms){var t;return function(){clearTimeout(t);t=setTimeout(fn,ms);};}
  var sections=document.querySelectorAll("section.report-table");
  Array.prototype.forEach.call(sections,function(section){
    var table=section.querySelector("table");if(!table)return;
    var tbody=table.tBodies[0];
    var items=Array.prototype.map.call(tbody.rows,function(r,i){return {row:r,index:i,text:null};});
    var input=section.querySelector("input[type=search]");
    var count=section.querySelector(".count");
    var total=items.length;
    function show(n){if(count)count.textContent=(n===total?total+" rows":n+" of "+total+" rows");}
    function filter(){
      var terms=input.value.toLowerCase().split(/\\s+/).filter(Boolean);var shown=0;
      for(var i=0;i<items.length;i++){
        var it=items[i];if(it.text===null)it.text=it.row.textContent.toLowerCase();
        var ok=true;for(var j=0;j<terms.length;j++){if(it.text.indexOf(terms[j])<0){ok=false;break;}}
        it.row.hidden=!ok;if(ok)shown++;
      }
      show(shown);
    }
    if(input)input.addEventListener("input",debounce(filter,100));
    var heads=table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads,function(th,col){
      var button=th.querySelector("button");if(!button)return;
      button.addEventListener("click",function(){
        var numeric=th.getAttribute("data-type")==="number";
        var dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
        Array.prototype.forEach.call(heads,function(h){h.setAttribute("aria-sort","none");});
        th.setAttribute("aria-sort",dir===1?"ascending":"descending");
        var keyed=items.map(function(it){
          var t=it.row.cells[col]?it.row.cells[col].textContent:"";
          var k;if(numeric){k=parseFloat(t);if(isNaN(k))k=-Infinity;}else k=t.toLowerCase();
          return {it:it,k:k};
        });
        keyed.sort(function(a,b){return a.k<b.k?-dir:a.k>b.k?dir:a.it.index-b.it.index;});
        items=keyed.map(function(x){return x.it;});
        var frag=document.createDocumentFragment();
        for(var i=0;i<items.length;i++)frag.appendChild(items[i].row);
        tbody.appendChild(frag);
      });
    });
    show(total);
  });
})();
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * A chart as inline SVG: horizontal stacked bars with a legend and values. Negative values draw as
 * zero; every text is escaped.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` when `chart` is not a {@link ReportChart}: not an
 * object, a text that is not a string or longer than `MAX_TEXT_LENGTH`, a value that is not a
 * finite number
 */
export function chartSvg(chart: ReportChart): string {
  // Drawn from the checked copy, not the caller's object (a getter could answer differently).
  return drawChart(checkChart(chart, 'chart'));
}

/** {@link chartSvg} of a chart already checked (the HTML renderer checks each chart once). */
function drawChart(checked: ReportChart): string {
  const labelWidth = 170;
  const barArea = 360;
  const valueWidth = 70;
  const rowHeight = 24;
  const legendHeight = checked.series.length > 1 ? 24 : 0;
  const width = labelWidth + barArea + valueWidth;
  const height = legendHeight + Math.max(1, checked.bars.length) * rowHeight + 4;
  // A loop, not Math.max(...bars): spreading a long array overflows the stack.
  let max = 1;
  for (const b of checked.bars) max = Math.max(max, b.values.reduce((s, v) => s + Math.max(0, v), 0));
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${escapeHtml(checked.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(checked.title)}">`;
  if (legendHeight > 0) {
    let x = labelWidth;
    checked.series.forEach((name, i) => {
      svg += `<rect x="${x}" y="6" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${x + 16}" y="16">${escapeHtml(name)}</text>`;
      x += 24 + name.length * 7;
    });
  }
  checked.bars.forEach((bar, row) => {
    const y = legendHeight + row * rowHeight;
    const label = bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label;
    const full = label === bar.label ? '' : `<title>${escapeHtml(bar.label)}</title>`;
    svg += `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(label)}${full}</text>`;
    let x = labelWidth;
    let total = 0;
    bar.values.forEach((value, i) => {
      const v = Math.max(0, value);
      total += v;
      if (v === 0) return;
      const w = Math.max(1, (v / max) * barArea);
      svg += `<rect class="bar" x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${PALETTE[i % PALETTE.length]}"><title>${escapeHtml(`${bar.label}, ${checked.series[i] ?? ''}: ${value}`)}</title></rect>`;
      x += w;
    });
    svg += `<text x="${(x + 6).toFixed(1)}" y="${y + 16}">${total}</text>`;
  });
  return `${svg}</svg>`;
}

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** A line for the footer (for example the product and version); default `secgov`. */
  readonly footer?: string;
}

/**
 * Render a report as one self-contained HTML page: headline figures, charts as inline SVG, and
 * every table with a filter box (all words must match) and headers that sort on click (numbers
 * numerically, the rest as text; click again to reverse). The page makes no external request:
 * its Content-Security-Policy allows only its own inline style and script. Every value is escaped.
 * Rows are read once and written in chunks, so large reports stream.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for a report that is not a {@link ReportDocument},
 *   bad options, a malformed chart or a cell that is not a cell value
 */
export function* renderHtml(report: ReportDocument, options: HtmlOptions = {}): Generator<string, void, undefined> {
  const doc = checkReport(report);
  const read = checkRenderOptions(options);
  const out = new Chunker();
  let head = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(doc.title)}</title><style>${STYLE}</style></head>\n<body data-report="${escapeHtml(doc.name)}"><header><h1>${escapeHtml(doc.title)}</h1>`;
  if (doc.at !== null) head += `<p class="meta">As of <time datetime="${escapeHtml(doc.at)}">${escapeHtml(doc.at)}</time></p>`;
  head += `<p class="desc">${escapeHtml(doc.description)}</p></header>\n`;
  if (doc.summary.length > 0) {
    head += '<dl class="summary">';
    for (const s of doc.summary) head += `<div><dt>${escapeHtml(s.label)}</dt><dd>${escapeHtml(String(s.value))}</dd></div>`;
    head += '</dl>\n';
  }
  for (let i = 0; i < doc.charts.length; i++) {
    const chart = checkChart(doc.charts[i], `report.charts[${i}]`);
    head += `<figure><figcaption>${escapeHtml(chart.title)}</figcaption>${drawChart(chart)}</figure>\n`;
  }
  { const c = out.push(head); if (c) yield c; }
  for (const t of doc.tables as unknown as readonly ReportTable<unknown>[]) {
    let open = `<section class="report-table" id="table-${escapeHtml(t.id)}"><h2>${escapeHtml(t.title)}</h2><div class="controls"><input type="search" placeholder="Filter rows" aria-label="Filter ${escapeHtml(t.title)}"><span class="count"></span></div><div class="wrap"><table><thead><tr>`;
    for (const c of t.columns) open += `<th data-key="${escapeHtml(c.key)}" data-type="${escapeHtml(c.type)}" aria-sort="none"><button type="button">${escapeHtml(c.label)}</button></th>`;
    { const c = out.push(`${open}</tr></thead><tbody>\n`); if (c) yield c; }
    const numeric = t.columns.map((c) => c.type === 'number');
    const columns = t.columns;
    let count = 0;
    for (const row of t.rows) {
      count += 1;
      let line = '<tr>';
      for (let i = 0; i < columns.length; i++) line += `${numeric[i] ? '<td class="n">' : '<td>'}${escapeHtml(cellText(columns[i]!.value(row)))}</td>`;
      const chunk = out.push(`${line}</tr>\n`);
      if (chunk) yield chunk;
    }
    { const c = out.push(`</tbody></table></div>${count === 0 ? '<p class="empty">No rows.</p>' : ''}</section>\n`); if (c) yield c; }
  }
  { const c = out.push(`<footer>${escapeHtml(read.footer ?? 'secgov')}</footer>\n<script>${SCRIPT}</script>\n</body></html>\n`); if (c) yield c; }
  const rest = out.flush();
  if (rest) yield rest;
}
