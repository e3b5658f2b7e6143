/**
 * Turning bytes, strings and streams into document text: size limit first, UTF-8 only (a UTF-16
 * file is refused with a clear message), invalid UTF-8 located, byte order mark noted and removed.
 *
 * @module
 */
import { z } from 'zod';
import { readArgument } from '../../model/arguments.js';
import { SecGovError } from '../../model/errors.js';
import { parseOrThrow } from '../../model/zod-problems.js';
import type { XmlLimits } from './limits.js';
import { xmlError, xmlProblem } from './problems.js';

/** A document as callers may pass it: text, bytes, or a (possibly asynchronous) sequence of chunks. */
export type XmlSource = string | Uint8Array | ArrayBuffer | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Document text ready for scanning. */
export interface DecodedXml {
  /** The text, without a byte order mark. */
  readonly text: string;
  /** Whether the input started with a byte order mark (kept so that writers can put it back). */
  readonly bom: boolean;
}

const UTF8_BOM = '\uFEFF';

function tooBig(size: number, limits: XmlLimits, file?: string, partial = false): SecGovError {
  return new SecGovError('LIMIT_EXCEEDED', `${file ? `${file}: ` : ''}the document is ${partial ? 'more than ' : ''}${size} bytes, above the limit of ${limits.maxBytes} bytes (raise limits.maxBytes to read it)`, {
    limit: 'maxBytes',
    max: limits.maxBytes,
    size,
    ...(file ? { file } : {}),
  });
}

function parseFailed(message: string, line: number, column: number, file?: string): SecGovError {
  return xmlError([xmlProblem('PARSE_FAILED', line, column, message, undefined, file)], 'the document cannot be read');
}

// `maxBytes` is the limit applied here; the others are checked when present, since callers pass
// whole XmlLimits objects on to the scanner.
const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const limitsSchema = z.object({
  maxBytes: positive,
  maxDepth: positive.optional(),
  maxAttributes: positive.optional(),
  maxTextLength: positive.optional(),
  maxElements: positive.optional(),
});
const fileSchema = z.string().max(4096).optional();
/** Most empty chunks a source may give (they add no bytes, so the size limit alone would never stop an endless run of them). */
const MAX_EMPTY_CHUNKS = 100_000;

function invalidSource(message: string): SecGovError {
  return new SecGovError('VALIDATION_FAILED', `source ${message}`, { ids: ['source'] });
}

function checkLimitsAndFile(limits: unknown, file: unknown): void {
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) {
    throw new SecGovError('VALIDATION_FAILED', 'limits must be an XmlLimits object (defaultXmlLimits, or a copy with other values)', { ids: ['limits'] });
  }
  parseOrThrow(limitsSchema, limits, 'limits');
  parseOrThrow(fileSchema, file, 'file');
}

/**
 * True for a real `Uint8Array`, asked without running the value's own code: a Proxy (which has no
 * typed array inside as far as the decoder is concerned) is not one, even one whose traps throw.
 * @internal
 */
export function isBytes(value: unknown): value is Uint8Array {
  if (!ArrayBuffer.isView(value)) return false;
  try {
    return value instanceof Uint8Array;
  } catch {
    return false;
  }
}

const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;

/** True for a real `ArrayBuffer` (its `byteLength` getter accepts nothing else, a Proxy included). */
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  try {
    arrayBufferLength.call(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decode a document held in memory. Strings are taken as they are (a leading U+FEFF is noted and
 * removed); bytes must be UTF-8.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument when `source` is not a
 *   string, `Uint8Array` or `ArrayBuffer`, `limits` has no positive integer `maxBytes` (or another
 *   limit that is not a positive integer), or `file` is not a string of at most 4,096 characters;
 *   `LIMIT_EXCEEDED` above `limits.maxBytes` (checked first, in constant time), `PARSE_FAILED` for
 *   UTF-16 or invalid UTF-8, with the line and column of the first bad byte
 */
export function decodeXml(source: string | Uint8Array | ArrayBuffer, limits: XmlLimits, file?: string): DecodedXml {
  if (typeof source !== 'string' && !isBytes(source) && !isArrayBuffer(source)) throw invalidSource('must be a string, a Uint8Array or an ArrayBuffer');
  checkLimitsAndFile(limits, file);
  return decodeChecked(source, limits, file);
}

/** {@link decodeXml} of arguments already checked (callers that checked their own). @internal */
export function decodeChecked(source: string | Uint8Array | ArrayBuffer, limits: XmlLimits, file?: string): DecodedXml {
  if (typeof source === 'string') {
    if (source.length > limits.maxBytes) throw tooBig(source.length, limits, file);
    return source.startsWith(UTF8_BOM) ? { text: source.slice(1), bom: true } : { text: source, bom: false };
  }
  const bytes = isBytes(source) ? source : new Uint8Array(source);
  if (bytes.byteLength > limits.maxBytes) throw tooBig(bytes.byteLength, limits, file);
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0x3c && b1 === 0x00) || (b0 === 0x00 && b1 === 0x3c)) {
    throw parseFailed('the document is UTF-16 encoded; only UTF-8 is accepted (save it as UTF-8)', 1, 1, file);
  }
  const bom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  } catch {
    const at = firstInvalidUtf8(bytes, bom ? 3 : 0);
    const { line, column } = locateByte(bytes, bom ? 3 : 0, at);
    throw parseFailed(`invalid UTF-8 at byte ${at} (0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')})`, line, column, file);
  }
  const declared = /^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/.exec(text.slice(0, 200));
  if (declared && !/^(utf-?8|us-ascii|ascii)$/i.test(declared[1]!)) {
    throw parseFailed(`the document declares encoding "${declared[1]}"; only UTF-8 is accepted`, 1, 1, file);
  }
  return { text, bom };
}

/**
 * Read a document from any {@link XmlSource}, stopping as soon as it passes `limits.maxBytes`
 * (a stream is never read to its end when it is too big).
 *
 * @throws {@link SecGovError} (the promise is rejected) `VALIDATION_FAILED` naming the argument
 *   when `source` is none of the {@link XmlSource} forms, its iterator does not follow the iteration
 *   protocol or it gives a chunk that is not a string or `Uint8Array`, or when `limits` or `file`
 *   are not valid (as {@link decodeXml}); `LIMIT_EXCEEDED` when the chunks pass `limits.maxBytes` or
 *   more than 100,000 of them are empty; otherwise as {@link decodeXml}
 */
export async function readXmlSource(source: XmlSource, limits: XmlLimits, file?: string): Promise<DecodedXml> {
  if (typeof source === 'string' || isBytes(source) || isArrayBuffer(source)) return decodeXml(source, limits, file);
  const iterate = iterationOf(source);
  checkLimitsAndFile(limits, file);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let empty = 0;
  const encoder = new TextEncoder();
  await iterate((chunk, index) => {
    if (typeof chunk !== 'string' && !isBytes(chunk)) throw invalidSource(`gave a chunk (number ${index}) that is not a string or a Uint8Array`);
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    if (bytes.byteLength === 0 && ++empty > MAX_EMPTY_CHUNKS) {
      throw new SecGovError('LIMIT_EXCEEDED', `${file ? `${file}: ` : ''}the source gave more than ${MAX_EMPTY_CHUNKS} empty chunks`, { limit: 'emptyChunks', max: MAX_EMPTY_CHUNKS, ...(file ? { file } : {}) });
    }
    size += bytes.byteLength;
    if (size > limits.maxBytes) throw tooBig(size, limits, file, true);
    chunks.push(bytes);
  });
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return decodeChecked(all, limits, file);
}

/**
 * The iteration of a source that is not held in memory, as `for await` does it (an async iterator
 * first, else a sync one with each value awaited; the iterator is closed when `each` throws), but
 * with every step of the protocol checked, so that a source of the wrong shape is a
 * `VALIDATION_FAILED` error naming it rather than a `TypeError`.
 */
function iterationOf(source: unknown): (each: (chunk: unknown, index: number) => void) => Promise<void> {
  if ((typeof source !== 'object' && typeof source !== 'function') || source === null) throw invalidSource('must be a string, a Uint8Array, an ArrayBuffer or an iterable or async iterable of strings and Uint8Arrays');
  const s = source as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown };
  const { isAsync, method } = readArgument('source', () => {
    const asyncMethod = s[Symbol.asyncIterator];
    const isAsync = asyncMethod !== undefined && asyncMethod !== null;
    return { isAsync, method: isAsync ? asyncMethod : s[Symbol.iterator] };
  });
  if (typeof method !== 'function') throw invalidSource('must be a string, a Uint8Array, an ArrayBuffer or an iterable or async iterable of strings and Uint8Arrays');
  return async (each) => {
    const iterator: unknown = method.call(source);
    if (typeof iterator !== 'object' || iterator === null) throw invalidSource('is not iterable: its iterator method did not return an object');
    const it = iterator as { next?: unknown; return?: unknown };
    const next = it.next;
    if (typeof next !== 'function') throw invalidSource('is not iterable: its iterator has no next function');
    for (let index = 0; ; index++) {
      const result: unknown = await next.call(iterator);
      if (typeof result !== 'object' || result === null) throw invalidSource('is not iterable: its iterator gave a result that is not an object');
      const { done, value } = result as { done?: unknown; value?: unknown };
      if (done) return;
      try {
        each(isAsync ? value : await value, index);
      } catch (error) {
        // Close the source (a stream stops reading), as `for await` does; the first error wins.
        try {
          if (typeof it.return === 'function') await it.return.call(iterator);
        } catch {
          /* the error being thrown is the one to report */
        }
        throw error;
      }
    }
  };
}

/** The offset of the first byte that is not part of a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

function locateByte(bytes: Uint8Array, from: number, at: number): { line: number; column: number } {
  let line = 1;
  let start = from;
  for (let i = from; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: at - start + 1 };
}
