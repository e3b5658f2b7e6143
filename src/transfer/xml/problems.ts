/**
 * Problems found in an XML document, each with its line and column.
 *
 * @module
 */
import { SecGovError, type Problem, type SecGovErrorCode } from '../../model/errors.js';

/** Most problems collected from one document; the rest are counted. */
export const MAX_XML_PROBLEMS = 1_000;

/** A problem in an XML document: a {@link Problem} with its 1-based line and column (and file, when known). */
export interface XmlProblem extends Problem {
  /** 1-based line of the offending element, attribute or character. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units) on that line. */
  readonly column: number;
  /** The file, when the document came from one. */
  readonly file?: string;
}

/** Maps character offsets of a text to lines and columns, building the line table only when first asked. */
export class LineIndex {
  private starts: number[] | undefined;
  /** @param text - the document text (after any byte order mark was removed) */
  constructor(private readonly text: string) {}

  /** The 1-based line and column of `offset`. */
  locate(offset: number): { line: number; column: number } {
    if (!this.starts) {
      const starts = [0];
      let i = this.text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.starts = starts;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

/** Collects problems of one document, capped at {@link MAX_XML_PROBLEMS}. */
export class ProblemList {
  /** The problems kept. */
  readonly items: XmlProblem[] = [];
  /** Problems found beyond the cap. */
  dropped = 0;
  /**
   * @param lines - the line table of the document
   * @param file - the file name to put on each problem
   */
  constructor(readonly lines: LineIndex, readonly file?: string) {}

  /** Record a problem at a character offset. */
  add(code: SecGovErrorCode, offset: number, message: string, ids?: readonly string[]): void {
    if (this.items.length >= MAX_XML_PROBLEMS) {
      this.dropped++;
      return;
    }
    const { line, column } = this.lines.locate(Math.max(0, offset));
    this.items.push(xmlProblem(code, line, column, message, ids, this.file));
  }

  /** True when nothing was recorded. */
  get empty(): boolean {
    return this.items.length === 0;
  }

  /** Throw the collected problems as one {@link SecGovError} when there are any. */
  throwIfAny(what: string): void {
    if (this.items.length > 0) throw xmlError(this.items, what, this.dropped);
  }
}

/** Build one {@link XmlProblem}; the message is prefixed with the location. */
export function xmlProblem(code: SecGovErrorCode, line: number, column: number, message: string, ids?: readonly string[], file?: string): XmlProblem {
  const where = `${file ? `${file}: ` : ''}line ${line}, column ${column}`;
  return {
    code,
    message: `${where}: ${message}`,
    line,
    column,
    path: file ? [file, 'line', line, 'column', column] : ['line', line, 'column', column],
    ...(ids ? { ids } : {}),
    ...(file ? { file } : {}),
  };
}

/** One {@link SecGovError} for a list of problems: the first problem's code and message, all problems in details. */
export function xmlError(problems: readonly XmlProblem[], what: string, dropped = 0): SecGovError {
  const first = problems[0]!;
  const more = problems.length - 1 + dropped;
  const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
  return new SecGovError(first.code, `${what}: ${first.message}${suffix}`, {
    ...(first.ids ? { ids: first.ids } : {}),
    problems,
    line: first.line,
    column: first.column,
    ...(first.file ? { file: first.file } : {}),
    ...(dropped > 0 ? { droppedProblems: dropped } : {}),
  });
}
