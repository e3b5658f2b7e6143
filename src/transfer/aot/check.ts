/**
 * The checks public AOT functions make of their arguments before using them: an argument of the
 * wrong shape (`null`, a number, an object missing fields, an array holding `null`, a tree with a
 * cycle) is a `VALIDATION_FAILED` {@link SecGovError} naming the argument, not a `TypeError` from
 * deep inside or a silently wrong file.
 *
 * @module
 * @internal
 */
import { z } from 'zod';
import { SecGovError } from '../../model/errors.js';
import { parseOrThrow } from '../../model/zod-problems.js';
import { hasNonXmlCharacter } from '../xml/escape.js';
import { aotGrantValues, aotKinds, type AotObject, type AotRight } from './objects.js';

/** How deeply {@link assertAotObject} checks an object. */
export interface AotCheck {
  /** The object is to be written as XML: its strings must hold only characters XML can carry. */
  readonly xml: boolean;
  /** Check `source` element by element (it is written); otherwise only that it is an object when present. */
  readonly tree: boolean;
}

const xmlString = z.string().refine((s) => !hasNonXmlCharacter(s), 'holds a character XML cannot carry (a control character, a lone surrogate, U+FFFE or U+FFFF)');

function objectSchema(xml: boolean, tree: boolean) {
  const text = xml ? xmlString : z.string();
  const value = z.enum(aotGrantValues).optional();
  const grant = z.strictObject({ Correct: value, Create: value, Delete: value, Invoke: value, Read: value, Update: value } satisfies Record<AotRight, unknown>);
  const verbatim = z.array(z.object({ name: text, xml: text }));
  return z.object({
    kind: z.enum(aotKinds),
    name: text,
    label: text.optional(),
    description: text.optional(),
    duties: z.array(text).optional(),
    privileges: z.array(text).optional(),
    subRoles: z.array(text).optional(),
    entryPoints: z
      .array(
        z.object({
          name: text,
          objectType: text.optional(),
          objectName: text.optional(),
          objectChildName: text.optional(),
          grant: grant.optional(),
          grantCurrentData: grant.optional(),
          verbatim: verbatim.optional(),
        }),
      )
      .optional(),
    dataEntityPermissions: z.array(z.object({ name: text, grant: grant.optional(), verbatim: verbatim.optional() })).optional(),
    directAccessPermissions: z.array(z.object({ name: text, grant: grant.optional(), verbatim: verbatim.optional() })).optional(),
    viewUserLicense: text.optional(),
    maintainUserLicense: text.optional(),
    verbatim,
    source: tree
      ? z
          .unknown()
          .superRefine((value, ctx) => {
            if (value === undefined) return;
            const problem = treeProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
          })
          .optional()
      : z.looseObject({}).optional(),
  });
}

// Built on first use: objects.ts imports this module, so its constants are not ready at load time.
const schemas = new Map<string, ReturnType<typeof objectSchema>>();
function schemaFor(check: AotCheck): ReturnType<typeof objectSchema> {
  const key = `${check.xml}/${check.tree}`;
  let schema = schemas.get(key);
  if (!schema) schemas.set(key, (schema = objectSchema(check.xml, check.tree)));
  return schema;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What is wrong with a value meant to be an `AotTree`, or undefined. Iterative (any depth,
 * no recursion); an element met twice (a cycle, or one element shared by two parents) is refused,
 * since writing it would never end or repeat it.
 */
export function treeProblem(tree: unknown): { path: (string | number)[]; message: string } | undefined {
  if (!isObject(tree)) return { path: [], message: 'must be an AotTree (the source of an object read with readAotObject) or absent' };
  if (typeof tree.bom !== 'boolean') return { path: ['bom'], message: 'must be a boolean' };
  if (typeof tree.prolog !== 'string') return { path: ['prolog'], message: 'must be a string' };
  if (typeof tree.epilog !== 'string') return { path: ['epilog'], message: 'must be a string' };
  const seen = new Set<unknown>();
  // Each entry keeps its parent and its place in it: the path is built only for a problem, so the
  // check stays linear however deep the tree.
  type Entry = { readonly element: unknown; readonly parent: Entry | undefined; readonly at: number };
  const pathOf = (entry: Entry, ...more: (string | number)[]): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let e: Entry | undefined = entry; e?.parent; e = e.parent) path.push(e.at, 'children');
    return ['root', ...path.reverse(), ...more];
  };
  const pending: Entry[] = [{ element: tree.root, parent: undefined, at: 0 }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    const element = entry.element;
    if (!isObject(element)) return { path: pathOf(entry), message: 'must be an AotElement' };
    if (seen.has(element)) return { path: pathOf(entry), message: 'is an element met twice in the tree (a cycle or a shared element)' };
    seen.add(element);
    for (const key of ['name', 'startTag', 'endTag'] as const) if (typeof element[key] !== 'string') return { path: pathOf(entry, key), message: 'must be a string' };
    if (!Number.isSafeInteger(element.offset) || (element.offset as number) < 0) return { path: pathOf(entry, 'offset'), message: 'must be a non-negative integer' };
    const children = element.children;
    if (!Array.isArray(children)) return { path: pathOf(entry, 'children'), message: 'must be an array' };
    for (let i = 0; i < children.length; i++) {
      const child: unknown = children[i];
      if (typeof child !== 'string') pending.push({ element: child, parent: entry, at: i });
    }
  }
  return undefined;
}

/**
 * Check that `value` is an `AotObject`, or throw.
 *
 * @param name - the argument's name in the message
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument and listing the problems with their paths
 */
export function assertAotObject(value: unknown, name: string, check: AotCheck): asserts value is AotObject {
  if (!isObject(value)) throw new SecGovError('VALIDATION_FAILED', `${name} is not an AOT object (read one with readAotObject, or build one with kind, name and verbatim)`, { ids: [name] });
  parseOrThrow(schemaFor(check), value, name);
}

/**
 * Check that `value` is an array of `AotObject`s, or throw.
 *
 * @param name - the argument's name in the message
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument and listing the problems with their paths
 */
export function assertAotObjects(value: unknown, name: string, check: AotCheck): asserts value is readonly AotObject[] {
  if (!Array.isArray(value)) throw new SecGovError('VALIDATION_FAILED', `${name} must be an array of AOT objects`, { ids: [name] });
  parseOrThrow(z.array(schemaFor(check)), value, name);
}
