/**
 * What every benchmark section receives, and the shape of a section.
 *
 * @module
 */
import type { SecurityModel } from '../src/model/model.js';
import type { ModelSize } from '../src/testing/generate.js';
import type { BenchReport } from './report.js';

/** The shared state of one benchmark run. */
export interface BenchContext {
  /** The size of the generated model. */
  readonly size: ModelSize;
  /** The generator seed. */
  readonly seed: number;
  /** True for `--smoke`: few iterations, only to prove the code still runs. */
  readonly smoke: boolean;
  /** The generated model every section measures on. */
  readonly model: SecurityModel;
  /** Where sections record figures, ratios and notes. */
  readonly report: BenchReport;
  /** Pick the full-run or the smoke-run value of a parameter (iterations, sample sizes, budgets). */
  scale<T>(full: T, smoke: T): T;
  /** Print a progress line (to stderr, so the table on stdout stays clean). */
  log(message: string): void;
}

/** A benchmark section: measures one area and records its figures in the report. */
export interface BenchSection {
  /** Short name, used as the prefix of its figures and by `--section`. */
  readonly name: string;
  /** One line saying what it measures. */
  readonly title: string;
  /** Run the measurements. */
  run(context: BenchContext): void | Promise<void>;
}
