/**
 * The guard scan: one linear pass over the document text, before any parser sees it. It refuses
 * DOCTYPE and entity declarations, entity references other than the five predefined ones and
 * character references, and enforces the depth, attribute, text-length and element-count limits,
 * and checks that tags nest properly (so the parser that follows can trust the structure). It
 * stops at the first problem: after a structural error the rest of a document has no reliable meaning.
 *
 * @module
 */
import type { XmlLimits } from './limits.js';
import type { ProblemList } from './problems.js';

const REFERENCE = /&(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/y;
const NAME = /^[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7-\uFFFF]*$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** What the scan learnt about the document. */
export interface ScanInfo {
  /** Number of elements. */
  readonly elements: number;
  /** Offset of the root element's `<`. */
  readonly rootStart: number;
  /** Offset of every element's `<`, in document order (pre-order). */
  readonly starts: number[];
}

/**
 * Scan `text`, recording the first problem in `problems`.
 *
 * @returns what was learnt, or `undefined` when a problem was recorded
 */
export function scanXml(text: string, limits: XmlLimits, problems: ProblemList): ScanInfo | undefined {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype !== -1) {
    problems.add('PARSE_FAILED', doctype, 'DOCTYPE declarations are not accepted (no DTD, no entity declarations, no entity expansion)');
    return undefined;
  }
  const entity = text.indexOf('<!ENTITY');
  if (entity !== -1) {
    problems.add('PARSE_FAILED', entity, 'ENTITY declarations are not accepted (no entity expansion)');
    return undefined;
  }
  const n = text.length;
  const stack: string[] = [];
  const starts: number[] = [];
  let elements = 0;
  let rootStart = -1;
  let rootClosed = false;
  let nextAmp = text.indexOf('&');
  let nextLt = text.indexOf('<');

  const fail = (code: 'PARSE_FAILED' | 'LIMIT_EXCEEDED', at: number, message: string): undefined => {
    problems.add(code, at, message);
    return undefined;
  };
  // Checks the references in text[from, to); returns false (after recording) on a bad one.
  const checkRefs = (from: number, to: number): boolean => {
    if (nextAmp !== -1 && nextAmp < from) nextAmp = text.indexOf('&', from);
    while (nextAmp !== -1 && nextAmp < to) {
      REFERENCE.lastIndex = nextAmp;
      if (!REFERENCE.test(text)) {
        const m = /^&([^;\s<&]{0,40});?/.exec(text.slice(nextAmp, nextAmp + 42));
        const what = m && m[1] ? `"&${m[1]};"` : '"&"';
        fail('PARSE_FAILED', nextAmp, `entity reference ${what} is not accepted: only &lt; &gt; &amp; &quot; &apos; and character references (write a literal "&" as &amp;)`);
        return false;
      }
      nextAmp = text.indexOf('&', nextAmp + 1);
    }
    return true;
  };

  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      if (textEnd - i > limits.maxTextLength) return fail('LIMIT_EXCEEDED', i, `a text of ${textEnd - i} characters is longer than the limit of ${limits.maxTextLength}`);
      if (stack.length === 0) {
        for (let k = i; k < textEnd; k++) {
          if (!isSpace(text.charCodeAt(k))) return fail('PARSE_FAILED', k, rootStart === -1 ? 'text before the root element' : 'text after the root element');
        }
      } else if (!checkRefs(i, textEnd)) return undefined;
    }
    if (lt === -1) break;
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === 63 /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) return fail('PARSE_FAILED', lt, 'processing instruction is not closed');
      if (text.startsWith('<?xml', lt) && isSpace(text.charCodeAt(lt + 5)) && lt !== 0) return fail('PARSE_FAILED', lt, 'the XML declaration must be at the very start of the document');
      i = end + 2;
      continue;
    }
    if (c1 === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) return fail('PARSE_FAILED', lt, 'comment is not closed');
        if (end - lt > limits.maxTextLength) return fail('LIMIT_EXCEEDED', lt, `a comment of ${end - lt} characters is longer than the limit of ${limits.maxTextLength}`);
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) return fail('PARSE_FAILED', lt, 'CDATA outside the root element');
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) return fail('PARSE_FAILED', lt, 'CDATA section is not closed');
        if (end - lt > limits.maxTextLength) return fail('LIMIT_EXCEEDED', lt, `a CDATA section of ${end - lt} characters is longer than the limit of ${limits.maxTextLength}`);
        i = end + 3;
        continue;
      }
      return fail('PARSE_FAILED', lt, 'markup declarations ("<!") are not accepted');
    }
    if (c1 === 47 /* / */) {
      const end = text.indexOf('>', lt + 2);
      if (end === -1) return fail('PARSE_FAILED', lt, 'closing tag is not closed');
      const name = text.slice(lt + 2, end).trimEnd();
      const open = stack.pop();
      if (open === undefined) return fail('PARSE_FAILED', lt, `closing tag </${name.slice(0, 100)}> has no opening tag`);
      if (open !== name) return fail('PARSE_FAILED', lt, `expected </${open}> but found </${name.slice(0, 100)}>`);
      if (stack.length === 0) rootClosed = true;
      i = end + 1;
      continue;
    }
    // Start tag.
    if (rootClosed) return fail('PARSE_FAILED', lt, 'a second root element');
    let k = lt + 1;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (isSpace(c) || c === 47 || c === 62) break;
      k++;
    }
    const name = text.slice(lt + 1, k);
    if (name.length > limits.maxTextLength) return fail('LIMIT_EXCEEDED', lt, `an element name of ${name.length} characters is longer than the limit`);
    if (!NAME.test(name)) return fail('PARSE_FAILED', lt, name ? `"${name.slice(0, 100)}" is not a valid element name` : 'a "<" that starts no element (write it as &lt;)');
    if (rootStart === -1) rootStart = lt;
    if (++elements > limits.maxElements) return fail('LIMIT_EXCEEDED', lt, `more than ${limits.maxElements} elements`);
    starts.push(lt);
    let count = 0;
    let names: string[] | Set<string> = [];
    let selfClosing = false;
    for (;;) {
      const before = k;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (k >= n) return fail('PARSE_FAILED', lt, `start tag <${name}> is not closed`);
      const c = text.charCodeAt(k);
      if (c === 62) {
        k++;
        break;
      }
      if (c === 47) {
        if (text.charCodeAt(k + 1) !== 62) return fail('PARSE_FAILED', k, `"/" not followed by ">" in <${name}>`);
        selfClosing = true;
        k += 2;
        break;
      }
      if (k === before) return fail('PARSE_FAILED', k, `attributes of <${name}> must be separated by white space`);
      const attrStart = k;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (d === 61 || isSpace(d) || d === 62 || d === 47) break;
        k++;
      }
      const attr = text.slice(attrStart, k);
      if (!NAME.test(attr)) return fail('PARSE_FAILED', attrStart, `"${attr.slice(0, 100)}" is not a valid attribute name in <${name}>`);
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 61) return fail('PARSE_FAILED', attrStart, `attribute "${attr}" of <${name}> has no value`);
      k++;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      const q = text.charCodeAt(k);
      if (q !== 34 && q !== 39) return fail('PARSE_FAILED', attrStart, `the value of attribute "${attr}" of <${name}> must be quoted`);
      const close = text.indexOf(q === 34 ? '"' : "'", k + 1);
      if (close === -1) return fail('PARSE_FAILED', attrStart, `the value of attribute "${attr}" of <${name}> is not closed`);
      if (close - k - 1 > limits.maxTextLength) return fail('LIMIT_EXCEEDED', attrStart, `the value of attribute "${attr}" (${close - k - 1} characters) is longer than the limit of ${limits.maxTextLength}`);
      if (nextLt !== -1 && nextLt <= k) nextLt = text.indexOf('<', k + 1);
      if (nextLt !== -1 && nextLt < close) return fail('PARSE_FAILED', nextLt, `"<" in the value of attribute "${attr}" of <${name}> (write it as &lt;)`);
      if (!checkRefs(k + 1, close)) return undefined;
      if (++count > limits.maxAttributes) return fail('LIMIT_EXCEEDED', attrStart, `<${name}> has more than ${limits.maxAttributes} attributes`);
      if (Array.isArray(names)) {
        if (names.includes(attr)) return fail('PARSE_FAILED', attrStart, `attribute "${attr}" is repeated in <${name}>`);
        names.push(attr);
        if (names.length > 16) names = new Set(names);
      } else {
        if (names.has(attr)) return fail('PARSE_FAILED', attrStart, `attribute "${attr}" is repeated in <${name}>`);
        names.add(attr);
      }
      k = close + 1;
    }
    if (!selfClosing) {
      stack.push(name);
      if (stack.length > limits.maxDepth) return fail('LIMIT_EXCEEDED', lt, `elements nest deeper than the limit of ${limits.maxDepth}`);
    } else if (stack.length === 0) rootClosed = true;
    i = k;
  }
  if (stack.length > 0) return fail('PARSE_FAILED', n, `the document ends inside <${stack[stack.length - 1]}>`);
  if (rootStart === -1) return fail('PARSE_FAILED', n, 'the document has no root element');
  return { elements, rootStart, starts };
}
