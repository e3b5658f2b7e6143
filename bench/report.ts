/**
 * The results of a benchmark run: named figures and ratios with their goals, printed as a table
 * and written as JSON.
 *
 * @module
 */

/** A goal a figure or ratio should meet. */
export interface Goal {
  /** How the value compares with the target. */
  readonly op: '<' | '<=' | '>' | '>=';
  /** The target value. */
  readonly target: number;
  /** The goal as people say it (`check ≤ 3 Map.gets`). */
  readonly label: string;
}

/** One measured figure. */
export interface Figure {
  /** The section that measured it. */
  readonly section: string;
  /** The value. */
  readonly value: number;
  /** Its unit (`ms`, `ns`, `MB`, `checks/s`). */
  readonly unit: string;
  /** What was measured, and how. */
  readonly description: string;
  /** The goal, if the figure has one. */
  readonly goal?: Goal;
  /** Whether the goal is met (absent without a goal). */
  readonly met?: boolean;
}

/** One ratio between two figures of the same run. */
export interface Ratio {
  /** The section that measured it. */
  readonly section: string;
  /** The value (a plain factor). */
  readonly value: number;
  /** Which figure is divided by which, and whether high or low is good. */
  readonly description: string;
  /** The goal, if the ratio has one. */
  readonly goal?: Goal;
  /** Whether the goal is met (absent without a goal). */
  readonly met?: boolean;
}

/** The JSON document written by a run. */
export interface BenchResults {
  readonly size: string;
  readonly seed: number;
  readonly smoke: boolean;
  readonly gcAvailable: boolean;
  readonly environment: { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string };
  readonly figures: Record<string, Figure>;
  readonly ratios: Record<string, Ratio>;
  readonly notes: string[];
}

function meets(value: number, goal: Goal): boolean {
  switch (goal.op) {
    case '<': return value < goal.target;
    case '<=': return value <= goal.target;
    case '>': return value > goal.target;
    case '>=': return value >= goal.target;
  }
}

/** Format a number for the table: 3 significant digits, thousands separated. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(3);
}

/** Collects figures, ratios and notes; sections add to it, the runner prints and saves it. */
export class BenchReport {
  private readonly figures = new Map<string, Figure>();
  private readonly ratios = new Map<string, Ratio>();
  private readonly notes: string[] = [];

  /** Record a figure under a unique name (by convention `section.what_unit`). */
  figure(section: string, name: string, value: number, unit: string, description: string, goal?: Goal): number {
    if (this.figures.has(name)) throw new Error(`bench: figure "${name}" recorded twice`);
    this.figures.set(name, { section, value, unit, description, ...(goal ? { goal, met: meets(value, goal) } : {}) });
    return value;
  }

  /** Record a ratio under a unique name (`check_vs_mapget`). */
  ratio(section: string, name: string, value: number, description: string, goal?: Goal): number {
    if (this.ratios.has(name)) throw new Error(`bench: ratio "${name}" recorded twice`);
    this.ratios.set(name, { section, value, description, ...(goal ? { goal, met: meets(value, goal) } : {}) });
    return value;
  }

  /** Add a note printed under the table (how something was measured, what was left out). */
  note(text: string): void {
    this.notes.push(text);
  }

  /** The results as a JSON-ready document. */
  toJSON(run: Omit<BenchResults, 'figures' | 'ratios' | 'notes'>): BenchResults {
    return { ...run, figures: Object.fromEntries(this.figures), ratios: Object.fromEntries(this.ratios), notes: [...this.notes] };
  }

  /** The results as a readable table. */
  format(): string {
    const rows: string[][] = [['name', 'value', 'unit', 'goal', '', 'what']];
    for (const [name, f] of this.figures) rows.push([name, formatNumber(f.value), f.unit, f.goal?.label ?? '', status(f.met), f.description]);
    const ratioRows: string[][] = [['ratio', 'value', '', 'goal', '', 'what']];
    for (const [name, r] of this.ratios) ratioRows.push([name, formatNumber(r.value), '×', r.goal?.label ?? '', status(r.met), r.description]);
    const out = [table(rows)];
    if (ratioRows.length > 1) out.push(table(ratioRows));
    if (this.notes.length > 0) out.push(this.notes.map((n) => `- ${n}`).join('\n'));
    return out.join('\n\n');
  }
}

function status(met: boolean | undefined): string {
  return met === undefined ? '' : met ? 'met' : 'MISSED';
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w, c) => (c === widths.length - 1 ? '-'.repeat(Math.min(w, 40)) : '-'.repeat(w))).join('  '), ...rows.slice(1).map(line)].join('\n');
}
