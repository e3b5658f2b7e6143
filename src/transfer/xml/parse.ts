/**
 * The one configuration of fast-xml-parser used by secgov, behind the guard scan: ordered nodes,
 * raw attribute values and texts (entities are decoded by {@link decodeEntities}, never expanded by
 * the parser), no DOCTYPE processing (the scan refuses any), start offsets of every element.
 *
 * @module
 */
import { XMLParser } from 'fast-xml-parser';
import type { XmlLimits } from './limits.js';
import { LineIndex, ProblemList } from './problems.js';
import { scanXml } from './scan.js';

/** A node of the ordered tree: one element (`{ [name]: children, ':@'?: attributes }`) or a text/comment/CDATA node. */
export type XNode = Record<string, unknown>;

const CRITICAL = new Set(['__proto__', 'constructor', 'prototype']);
/** Prefix the parser puts on element and attribute names that would be dangerous as object keys. */
export const RENAMED_PREFIX = '#';
const ATTR = '@_';

const common = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  maxNestedTags: 10_000,
  ignoreDeclaration: false,
  ignorePiTags: false,
  cdataPropName: '#cdata',
  allowBooleanAttributes: false,
  // Names such as __proto__ are renamed, never used as keys (the guard scan saw the real name).
  transformTagName: (name: string) => (CRITICAL.has(name) ? RENAMED_PREFIX + name : name),
  transformAttributeName: (name: string) => (CRITICAL.has(name.slice(ATTR.length)) ? ATTR + RENAMED_PREFIX + name.slice(ATTR.length) : name),
  onDangerousProperty: (name: string) => RENAMED_PREFIX + name,
} as const;

// The transfer format: leading and trailing white space of values is not significant (the writer
// escapes any it means), so values are trimmed and white space between elements is dropped.
const compactParser = new XMLParser({ ...common, trimValues: true });
// Platform files: every character is kept (white space, comments), with element end offsets.
const losslessParser = new XMLParser({ ...common, trimValues: false, commentPropName: '#comment', captureMetaData: true });

const META = XMLParser.getMetaDataSymbol() as unknown as string;

/** The parsed document: its ordered top-level nodes, and what is needed to place problems. */
export interface ParsedXml {
  /** Top-level nodes (declaration, comments, the root element). */
  readonly nodes: XNode[];
  /** The document text (the offsets refer to it). */
  readonly text: string;
  /** Line table of the text. */
  readonly lines: LineIndex;
  /** Offset of every element's `<`, in document order. */
  readonly starts: readonly number[];
}

/**
 * Scan (limits, no DTD, proper nesting) and then parse `text`. `lossless` keeps white space,
 * comments and element offsets (for platform files written back); otherwise values are trimmed.
 *
 * @returns the tree, or `undefined` with the problem recorded in `problems`
 */
export function parseXmlText(text: string, limits: XmlLimits, problems: ProblemList, lossless = false): ParsedXml | undefined {
  const info = scanXml(text, limits, problems);
  if (!info) return undefined;
  let nodes: XNode[];
  try {
    nodes = (lossless ? losslessParser : compactParser).parse(text) as XNode[];
  } catch (error) {
    problems.add('PARSE_FAILED', info.rootStart, `the XML parser refused the document: ${(error as Error).message}`);
    return undefined;
  }
  return { nodes, text, lines: problems.lines, starts: info.starts };
}

/** A fresh problem list with a line index for `text`. */
export function problemListFor(text: string, file?: string): ProblemList {
  return new ProblemList(new LineIndex(text), file);
}

/** The element name of a node, or `undefined` for text, comment and CDATA nodes. */
export function elementName(node: XNode): string | undefined {
  for (const key in node) {
    if (key === ':@') continue;
    if (key === '#text' || key === '#comment' || key === '#cdata') return undefined;
    return key;
  }
  return undefined;
}

/** The element's name as written in the document (undoing the renaming of dangerous names). */
export function writtenName(name: string): string {
  return name.startsWith(RENAMED_PREFIX) ? name.slice(1) : name;
}

/** The children of an element node. */
export function childrenOf(node: XNode, name: string): XNode[] {
  return node[name] as XNode[];
}

/** The raw attributes of an element node (names without prefix), or `undefined`. */
export function rawAttributes(node: XNode): Record<string, string> | undefined {
  return node[':@'] as Record<string, string> | undefined;
}

/** The attribute key used in {@link rawAttributes} for an attribute name. */
export function attrKey(name: string): string {
  return ATTR + name;
}

/** The offset of an element's `<` in the document text. */
export function startOf(node: XNode): number {
  return (node[META] as { startIndex: number } | undefined)?.startIndex ?? 0;
}

/** The offset just after an element's end. */
export function endOf(node: XNode): number {
  return (node[META] as { endIndex?: number } | undefined)?.endIndex ?? 0;
}

const ENTITY = /&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decode the predefined entities and character references of a raw text or attribute value (the
 * guard scan has already refused anything else).
 */
export function decodeEntities(raw: string): string {
  if (raw.indexOf('&') === -1) return raw;
  return raw.replace(ENTITY, (_m, body: string) => {
    const named = NAMED[body];
    if (named !== undefined) return named;
    const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  });
}
