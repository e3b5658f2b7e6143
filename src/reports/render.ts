/**
 * One entry for every format.
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';
import { checkRenderOptions, checkReport, type ReportDocument } from './document.js';
import { renderHtml, type HtmlOptions } from './render-html.js';
import { renderCsv, renderJson, renderMarkdown, type CsvOptions } from './render-text.js';

/** The output formats. */
export const reportFormats = ['json', 'csv', 'md', 'html'] as const;
/** An output format: JSON, CSV, Markdown or self-contained HTML. */
export type ReportFormat = (typeof reportFormats)[number];

/** Options of {@link renderReport}: those of the CSV and HTML renderers. */
export type RenderOptions = CsvOptions & HtmlOptions;

/**
 * Render a report in a format, as chunks (write each to a stream as it comes; rows are read once).
 *
 * @example
 * for (const chunk of renderReport(userAgingReport(model, { at }), 'csv')) stream.write(chunk);
 * @throws {@link SecGovError} `VALIDATION_FAILED` for an unknown format, a report that is not a
 *   {@link ReportDocument} or bad options; `NOT_FOUND` for an unknown CSV table
 */
export function renderReport(report: ReportDocument, format: ReportFormat, options: RenderOptions = {}): Iterable<string> {
  // Checked here, before any chunk: the renderers check again when they start (cheap: no row is read).
  checkReport(report);
  checkRenderOptions(options);
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report, options);
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report, options);
    default: {
      const given: unknown = format;
      throw new SecGovError('VALIDATION_FAILED', `unknown report format ${typeof given === 'string' ? `"${given.slice(0, 100)}"` : `of type ${typeof given}`} (formats: ${reportFormats.join(', ')})`);
    }
  }
}

/** {@link renderReport} joined into one string (for small reports and tests). */
export function renderReportToString(report: ReportDocument, format: ReportFormat, options: RenderOptions = {}): string {
  let out = '';
  for (const chunk of renderReport(report, format, options)) out += chunk;
  return out;
}
