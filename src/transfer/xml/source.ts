/**
 * Turning bytes, strings and streams into document text: size limit first, UTF-8 only (a UTF-16
 * file is refused with a clear message), invalid UTF-8 located, byte order mark noted and removed.
 *
 * @module
 */
import { SecGovError } from '../../model/errors.js';
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

/**
 * Decode a document held in memory. Strings are taken as they are (a leading U+FEFF is noted and
 * removed); bytes must be UTF-8.
 *
 * @throws {@link SecGovError} `LIMIT_EXCEEDED` above `limits.maxBytes` (checked first, in constant
 *   time), `PARSE_FAILED` for UTF-16 or invalid UTF-8, with the line and column of the first bad byte
 */
export function decodeXml(source: string | Uint8Array | ArrayBuffer, limits: XmlLimits, file?: string): DecodedXml {
  if (typeof source === 'string') {
    if (source.length > limits.maxBytes) throw tooBig(source.length, limits, file);
    return source.startsWith(UTF8_BOM) ? { text: source.slice(1), bom: true } : { text: source, bom: false };
  }
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
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
 * @throws {@link SecGovError} as {@link decodeXml}
 */
export async function readXmlSource(source: XmlSource, limits: XmlLimits, file?: string): Promise<DecodedXml> {
  if (typeof source === 'string' || source instanceof Uint8Array || source instanceof ArrayBuffer) return decodeXml(source, limits, file);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  const iterable = source as AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  for await (const chunk of iterable) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limits.maxBytes) throw tooBig(size, limits, file, true);
    chunks.push(bytes);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return decodeXml(all, limits, file);
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
