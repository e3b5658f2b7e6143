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

/** Replace the characters `replacements` names, in one pass; `value` is returned as is when `attention` finds nothing. */
function escapeWith(value: string, attention: RegExp, replacements: Readonly<Record<number, string>>): string {
  if (!attention.test(value)) return value;
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const rep = replacements[value.charCodeAt(i)];
    if (rep !== undefined) {
      out += value.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return out + value.slice(from);
}

const ATTR_REPLACEMENTS: Readonly<Record<number, string>> = { 38: '&amp;', 60: '&lt;', 62: '&gt;', 34: '&quot;', 9: '&#9;', 10: '&#10;', 13: '&#13;' };
const TEXT_REPLACEMENTS: Readonly<Record<number, string>> = { 38: '&amp;', 60: '&lt;', 62: '&gt;', 13: '&#13;' };

/** Escape an attribute value (for double quotes). Tabs and line breaks become references so they survive attribute normalization. */
export function escapeAttr(value: string): string {
  return escapeWith(value, ATTENTION_ATTR, ATTR_REPLACEMENTS);
}

/** Escape element text. Carriage returns become references so that line-end normalization keeps them. */
export function escapeText(value: string): string {
  return escapeWith(value, ATTENTION_TEXT, TEXT_REPLACEMENTS);
}
