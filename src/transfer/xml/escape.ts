/**
 * Escaping for XML output.
 *
 * @module
 */

// Anything that may need attention: markup characters, white space that attribute normalization
// would change, characters XML 1.0 cannot carry (C0 controls, surrogates, U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const ATTENTION_ATTR = /[&<>"\u0000-\u001f\ud800-\udfff\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const ATTENTION_TEXT = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `value` holds a character that XML 1.0 cannot represent at all (not even as a reference). */
export function hasNonXmlCharacter(value: string): boolean {
  return NOT_XML.test(value);
}

/** Escape an attribute value (for double quotes). Tabs and line breaks become references so they survive attribute normalization. */
export function escapeAttr(value: string): string {
  if (!ATTENTION_ATTR.test(value)) return value;
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 34) rep = '&quot;';
    else if (c === 9) rep = '&#9;';
    else if (c === 10) rep = '&#10;';
    else if (c === 13) rep = '&#13;';
    if (rep !== undefined) {
      out += value.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return out + value.slice(from);
}

/** Escape element text. Carriage returns become references so that line-end normalization keeps them. */
export function escapeText(value: string): string {
  if (!ATTENTION_TEXT.test(value)) return value;
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 13) rep = '&#13;';
    if (rep !== undefined) {
      out += value.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return out + value.slice(from);
}
