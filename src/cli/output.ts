/**
 * CLI output: a readable table on a terminal, JSON otherwise, or a report format.
 *
 * @module
 */

/** Where the CLI writes, and whether it is a terminal. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /** Whether stdout is a terminal (tables by default) rather than a pipe or file (JSON by default). */
  readonly stdoutIsTty: boolean;
  /** Whether stderr is a terminal (progress is shown only then). */
  readonly stderrIsTty: boolean;
}

/** A plain result: rows with named columns, plus a one-line summary. */
export interface Listing {
  readonly summary: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
  /** The same data for `--format json`. */
  readonly json: unknown;
}

const MAX_CELL = 60;

/** Render a listing as an aligned text table. */
export function textTable(listing: Listing): string {
  const cell = (v: string | number | boolean | null) => {
    const text = v === null ? '—' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v);
    const oneLine = text.replace(/[\r\n\t]+/g, ' ');
    return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
  };
  const body = listing.rows.map((r) => r.map(cell));
  const widths = listing.columns.map((c, i) => Math.max(c.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [listing.summary];
  if (listing.rows.length > 0) out.push('', line(listing.columns), line(widths.map((w) => '-'.repeat(w))), ...body.map(line));
  return `${out.join('\n')}\n`;
}

/** Write a listing in the chosen format. */
export function writeListing(io: CliIo, listing: Listing, format: 'table' | 'json'): void {
  if (format === 'json') io.stdout.write(`${JSON.stringify(listing.json, null, 2)}\n`);
  else io.stdout.write(textTable(listing));
}
