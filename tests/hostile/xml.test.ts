/**
 * Hostile XML: each input answers with a typed SecGovError naming the problem and where, after work
 * bounded by the limits (big inputs are generated here, never committed), and the state is unchanged.
 */
import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  createModel,
  exportXml,
  importXml,
  parseXml,
  readAotObject,
  readXmlSource,
  writeAotObject,
  aotToModelData,
  defaultXmlLimits,
  type SecurityModel,
} from '../../src/index.js';

const state: SecurityModel = createModel({
  entryPoints: [{ kind: 'table', name: 'CustTable' }],
  privileges: [{ id: 'CustView', name: 'View', grants: [{ entryPoint: 'table:CustTable', read: 'allow' }] }],
  roles: [{ id: 'Clerk', name: 'Clerk', privileges: ['CustView'] }],
});
const good = exportXml(state);
const snapshot = exportXml(state);

function refused(input: string | Uint8Array, code: string, pattern: RegExp): SecGovError {
  let caught: unknown;
  try {
    importXml(state, input);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SecGovError);
  const e = caught as SecGovError;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(pattern);
  expect(exportXml(state)).toBe(snapshot);
  return e;
}

const line = (e: SecGovError) => e.details.line as number;

describe('hostile XML', () => {
  it('billion laughs: the DOCTYPE is refused before anything expands', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}\n]>\n<secgov>&lol9;</secgov>`;
    const e = refused(laughs, 'PARSE_FAILED', /DOCTYPE declarations are not accepted/);
    expect(line(e)).toBe(2);
  });

  it('external entities are refused', () => {
    refused('<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<secgov>&xxe;</secgov>', 'PARSE_FAILED', /DOCTYPE/);
    refused(good.replace('name="View"', 'name="&xxe;"'), 'PARSE_FAILED', /entity reference "&xxe;" is not accepted/);
    refused('<!ENTITY x "y"><secgov/>', 'PARSE_FAILED', /ENTITY declarations are not accepted/);
  });

  it('a DOCTYPE alone is refused', () => {
    refused('<!DOCTYPE secgov>\n<secgov xmlns="urn:secgov:transfer" formatVersion="1" parts="both"/>', 'PARSE_FAILED', /line 1, column 1: DOCTYPE/);
  });

  it('100,000-deep nesting stops at the depth limit', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    const e = refused(deep, 'LIMIT_EXCEEDED', /nest deeper than the limit of 64/);
    expect(e.details.column).toBe(64 * 3 + 1);
  });

  it('a 200 MB document is refused by size without being read', async () => {
    const big = 'x'.repeat(200 * 1024 * 1024);
    refused(big, 'LIMIT_EXCEEDED', /above the limit of 134217728 bytes/);
    // Streamed: reading stops just past the limit; the rest is never pulled.
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    async function* stream() {
      for (let i = 0; i < 200; i++) {
        pulled++;
        yield chunk;
      }
    }
    await expect(readXmlSource(stream(), defaultXmlLimits)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(pulled).toBe(129);
  });

  it('1,000,000 attributes stop at the attribute limit', () => {
    const attrs = Array.from({ length: 1_000_000 }, (_, i) => ` a${i}="1"`).join('');
    refused(`<secgov${attrs}/>`, 'LIMIT_EXCEEDED', /has more than 256 attributes/);
  });

  it('a text longer than the limit is refused', () => {
    refused(good.replace('name="View"', `name="${'v'.repeat(2 * 1024 * 1024)}"`), 'LIMIT_EXCEEDED', /longer than the limit/);
  });

  it('invalid UTF-8 is located', () => {
    const bytes = new TextEncoder().encode(good);
    const at = good.indexOf('View"');
    const broken = new Uint8Array([...bytes.slice(0, at), 0xc3, 0x28, ...bytes.slice(at)]);
    const e = refused(broken, 'PARSE_FAILED', /invalid UTF-8 at byte \d+ \(0xc3\)/);
    expect(line(e)).toBe(good.slice(0, at).split('\n').length);
  });

  it('a UTF-16 file is refused with a clear message', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(good.slice(0, 200)).flatMap((c) => [c.charCodeAt(0), 0])]);
    refused(utf16, 'PARSE_FAILED', /UTF-16 encoded; only UTF-8 is accepted/);
    refused(new TextEncoder().encode(good.replace('encoding="UTF-8"', 'encoding="UTF-16"')), 'PARSE_FAILED', /declares encoding "UTF-16"/);
  });

  it('a byte order mark is accepted', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(good)]);
    expect(importXml(state, bom).changes).toEqual([]);
    expect(importXml(state, '\uFEFF' + good).changes).toEqual([]);
  });

  it('element and attribute names such as __proto__ and constructor are refused as unknown, touching no prototype', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
      refused(good.replace('<roles>', `<roles>\n      <${name} id="x"/>`), 'VALIDATION_FAILED', new RegExp(`unknown element <${name}> in <roles>`));
      refused(good.replace('<role id="Clerk"', `<role ${name}="x" id="Clerk"`), 'VALIDATION_FAILED', new RegExp(`unknown attribute "${name}" on <role>`));
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'id')).toBe(false);
    // Ids named __proto__ are ordinary ids.
    const proto = good.replace(/Clerk/g, '__proto__');
    expect(importXml(state, proto).model.roles.get('__proto__')!.id).toBe('__proto__');
  });

  it('duplicate ids, and ids differing only in case, are refused with both places', () => {
    const dup = good.replace('<role id="Clerk"', '<role id="Clerk" name="A"/>\n      <role id="CLERK"');
    refused(dup, 'DUPLICATE_ID', /role "CLERK" appears twice in the document \(as "Clerk"; ids are case-insensitive\), first on line \d+/);
  });

  it('grants with unknown values are refused, in the transfer format and in AOT files', () => {
    refused(good.replace('read="allow"', 'read="always"'), 'VALIDATION_FAILED', /grants\.0\.read: Invalid option/);
    refused(good.replace('read="allow"', 'superpower="allow"'), 'VALIDATION_FAILED', /unknown attribute "superpower" on <grant>/);
    expect(() => readAotObject('<AxSecurityPrivilege><Name>P</Name><EntryPoints><AxSecurityEntryPointReference><Name>E</Name><Grant><Read>Yes</Read></Grant></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>')).toThrow(
      /line 1, column \d+: unknown grant value "Yes" for <Read>/,
    );
  });

  it('malformed documents are located', () => {
    refused(good.replace('</roles>', '</rolez>'), 'PARSE_FAILED', /expected <\/roles> but found <\/rolez>/);
    refused(good.slice(0, good.length - 20), 'PARSE_FAILED', /the document ends inside|is not closed/);
    refused(good.replace('<role id=', '<role id=Clerk2 x='), 'PARSE_FAILED', /must be quoted/);
    refused(good.replace('name="View"', 'name="a" name="b"'), 'PARSE_FAILED', /attribute "name" is repeated/);
    refused(good + '<secgov/>', 'PARSE_FAILED', /a second root element/);
    refused('', 'PARSE_FAILED', /no root element/);
  });

  it('wrong types at the API are typed errors', () => {
    expect(() => importXml(state, 42 as never)).toThrow(SecGovError);
    expect(() => importXml(state, good, { action: 'delete' as never })).toThrow(SecGovError);
    expect(() => parseXml(good, { limits: { maxDepth: -1 } })).toThrow(SecGovError);
  });

  it('AOT files get the same limits', () => {
    expect(() => readAotObject('<!DOCTYPE x><AxSecurityRole/>')).toThrow(/DOCTYPE/);
    expect(() => readAotObject('<AxSecurityRole>' + '<a>'.repeat(1000) + '</a>'.repeat(1000) + '</AxSecurityRole>')).toThrow(/nest deeper/);
    expect(() => readAotObject('<AxSecurityRole><__proto__/><Name>x</Name></AxSecurityRole>')).not.toThrow();
    expect(readAotObject('<AxSecurityRole><constructor>1</constructor><Name>x</Name></AxSecurityRole>').verbatim).toEqual([{ name: 'constructor', xml: '<constructor>1</constructor>' }]);
  });

  it('the deepest nesting the limits allow is read without overflowing the stack', () => {
    // maxDepth may be raised to 10,000: every reader walks such a tree without recursion.
    const limits = { ...defaultXmlLimits, maxDepth: 10_000 };
    const deep = '<a>'.repeat(9_990) + '</a>'.repeat(9_990);
    const inRecord = good.replace(/<role id="Clerk"([^>]*)>/, '<role id="Clerk"$1>' + deep);
    expect(inRecord).not.toBe(good);
    for (const xml of [good.replace('<licenses>', '<licenses>' + deep), inRecord]) {
      expect(() => parseXml(xml, { limits })).toThrow(/unknown element <a>/);
      expect(() => importXml(state, xml, { limits })).toThrow(/unknown element <a>/);
    }
    const aot = `<?xml version="1.0" encoding="utf-8"?>\n<AxSecurityRole>\n\t<Name>Deep</Name>\n\t${deep}\n</AxSecurityRole>\n`;
    const object = readAotObject(aot, { limits });
    expect(object.verbatim).toHaveLength(1);
    expect(new TextDecoder().decode(writeAotObject(object))).toBe(aot);
    expect(aotToModelData([object]).data.roles).toHaveLength(1);
  });
});
