/**
 * A lossless element tree of a platform (AOT) metadata file: every start tag, end tag and the raw
 * text between elements (white space, comments) exactly as written, so a file read and written back
 * unchanged is the same bytes.
 *
 * @module
 */
import type { XmlLimits } from '../xml/limits.js';
import { childrenOf, decodeEntities, elementName, endOf, parseXmlText, startOf, writtenName, type XNode } from '../xml/parse.js';
import type { ProblemList } from '../xml/problems.js';

/** One element of an AOT file, as written. */
export interface AotElement {
  /** The element name. */
  readonly name: string;
  /** The start tag as written (`<Name>`, `<Name attr="…">` or `<Name />`). */
  readonly startTag: string;
  /** Child elements and the raw text between them (white space, text with its references, comments). */
  readonly children: readonly (AotElement | string)[];
  /** The end tag as written; empty for a self-closing element. */
  readonly endTag: string;
  /** Offset of the element in the file it was read from (for messages). */
  readonly offset: number;
}

/** A whole AOT file, as written. */
export interface AotTree {
  /** Whether the file started with a UTF-8 byte order mark. */
  readonly bom: boolean;
  /** Everything before the root element (XML declaration, line break). */
  readonly prolog: string;
  /** The root element. */
  readonly root: AotElement;
  /** Everything after the root element (a final line break, if any). */
  readonly epilog: string;
}

/** Serialize an element exactly as held (without recursion, so any depth is written). */
export function elementXml(element: AotElement): string {
  let out = '';
  // Elements still to open, and text (raw text, end tags) still to write, last first.
  const pending: (AotElement | string)[] = [element];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item === 'string') {
      out += item;
      continue;
    }
    out += item.startTag;
    pending.push(item.endTag);
    for (let i = item.children.length - 1; i >= 0; i--) pending.push(item.children[i]!);
  }
  return out;
}

/** Serialize a tree exactly as held (without the byte order mark). */
export function treeXml(tree: AotTree): string {
  return tree.prolog + elementXml(tree.root) + tree.epilog;
}

/** The end of the start tag beginning at `start` (index just after its `>`). */
function startTagEnd(text: string, start: number): number {
  let quote = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return text.length;
}

/** An element being read: what is known of it, and how far its children are. */
interface OpenElement {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly startTag: string;
  /** Where the end tag starts (the element's end when it closes itself). */
  readonly closeStart: number;
  readonly selfClosing: boolean;
  readonly nodes: readonly XNode[];
  readonly children: (AotElement | string)[];
  /** Next child node to read, and the offset where the raw text before it starts. */
  next: number;
  at: number;
}

function open(text: string, node: XNode, name: string): OpenElement {
  const start = startOf(node);
  const end = endOf(node);
  const tagEnd = startTagEnd(text, start);
  const selfClosing = text.charCodeAt(tagEnd - 2) === 47; /* / */
  return {
    name,
    start,
    end,
    startTag: text.slice(start, tagEnd),
    closeStart: selfClosing ? end : text.lastIndexOf('</', end - 1),
    selfClosing,
    nodes: selfClosing ? [] : childrenOf(node, name),
    children: [],
    next: 0,
    at: tagEnd,
  };
}

function close(text: string, e: OpenElement): AotElement {
  if (e.selfClosing) return { name: writtenName(e.name), startTag: e.startTag, children: [], endTag: '', offset: e.start };
  if (e.closeStart > e.at) e.children.push(text.slice(e.at, e.closeStart));
  return { name: writtenName(e.name), startTag: e.startTag, children: e.children, endTag: text.slice(e.closeStart, e.end), offset: e.start };
}

/** The element of `node`, built without recursion (a stack of open elements), so any depth the limits allow is read. */
function build(text: string, node: XNode, name: string): AotElement {
  const stack = [open(text, node, name)];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.nodes.length) {
      const child = top.nodes[top.next++]!;
      const childName = elementName(child);
      if (childName !== undefined && childName !== '?xml') stack.push(open(text, child, childName));
      continue;
    }
    stack.pop();
    const element = close(text, top);
    const parent = stack[stack.length - 1];
    if (!parent) return element;
    if (element.offset > parent.at) parent.children.push(text.slice(parent.at, element.offset));
    parent.children.push(element);
    parent.at = top.end;
  }
}

/**
 * Read the lossless tree of an AOT file's text (after the guard scan and the parser).
 *
 * @returns the tree, or `undefined` with the problem recorded
 */
export function readAotTree(text: string, bom: boolean, limits: XmlLimits, problems: ProblemList): AotTree | undefined {
  const parsed = parseXmlText(text, limits, problems, true);
  if (!parsed) return undefined;
  let rootNode: XNode | undefined;
  let rootName = '';
  for (const node of parsed.nodes) {
    const name = elementName(node);
    if (name !== undefined && name !== '?xml') (rootNode = node), (rootName = name);
  }
  if (!rootNode) {
    problems.add('PARSE_FAILED', 0, 'the file has no root element');
    return undefined;
  }
  const root = build(text, rootNode, rootName);
  return { bom, prolog: text.slice(0, root.offset), root, epilog: text.slice(endOf(rootNode)) };
}

/** The child elements of an element. */
export function childElements(element: AotElement): AotElement[] {
  return element.children.filter((c): c is AotElement => typeof c !== 'string');
}

/** The decoded text of a leaf element (`<Name>text</Name>`), '' for an empty one. */
export function elementText(element: AotElement): string {
  let raw = '';
  for (const c of element.children) {
    if (typeof c !== 'string') return raw;
    raw += c;
  }
  if (raw.includes('<![CDATA[')) return raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g, (_m, cdata: string | undefined, plain: string | undefined) => (cdata !== undefined ? cdata : decodeEntities(plain ?? '')));
  return decodeEntities(raw.replace(/<!--[\s\S]*?-->/g, ''));
}
