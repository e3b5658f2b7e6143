/**
 * The check public functions make of a model argument before reading it.
 *
 * @module
 */
import { SecGovError } from './errors.js';
import type { SecurityModel } from './model.js';
import { isModelMap } from './persistent-map.js';

/** Every collection of a model (all but the licence catalogue and the parameters): a record, so a new one cannot be left out. */
const collections: { readonly [K in Exclude<keyof SecurityModel, 'licenses' | 'parameters'>]: true } = {
  entryPoints: true,
  privileges: true,
  duties: true,
  roles: true,
  users: true,
  organizations: true,
  assignments: true,
  sodRules: true,
  conflicts: true,
  exclusions: true,
  securityCategories: true,
  processes: true,
  tasks: true,
  assignmentRules: true,
};
const collectionNames = Object.keys(collections) as (keyof typeof collections)[];

/**
 * Check that `value` has the shape of a {@link SecurityModel}, or throw. Public functions call it
 * first: a wrong argument (`null`, a plain object, model data instead of a model) is then a typed
 * error naming it, not a `TypeError` from deep inside. Cheap: it looks at the members, not the records.
 *
 * @param name - the argument's name in the message
 * @throws {@link SecGovError} `VALIDATION_FAILED` naming the argument
 * @internal
 */
export function assertModel(value: unknown, name = 'model'): asserts value is SecurityModel {
  let ok = false;
  let threw = false;
  let cause: unknown;
  try {
    const m = value as Partial<Record<keyof SecurityModel, unknown>> | null;
    ok =
      typeof m === 'object' &&
      m !== null &&
      collectionNames.every((k) => isModelMap(m[k])) &&
      typeof m.licenses === 'object' &&
      m.licenses !== null &&
      Array.isArray((m.licenses as { licenses?: unknown }).licenses) &&
      typeof m.parameters === 'object' &&
      m.parameters !== null;
  } catch (error) {
    // A getter or a proxy trap that throws: no model does.
    threw = true;
    cause = error;
  }
  if (!ok) {
    const error = new SecGovError('VALIDATION_FAILED', `${name} is not a SecurityModel: build one with emptyModel(), createModel() or applyChanges()`, { ids: [name] });
    if (threw) (error as Error).cause = cause;
    throw error;
  }
}
