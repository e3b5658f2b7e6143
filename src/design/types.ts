/**
 * The shared shapes of role design: results, the objects a design creates, and access sources.
 *
 * @module
 */
import { z } from 'zod';
import type { Change } from '../model/changes.js';
import { idSchema, nameSchema, textSchema } from '../model/ids.js';

/** Most entry points, duties or other ids one design input may list. */
export const MAX_DESIGN_ITEMS = 100_000;

/** One object a design creates or changes, by kind and id (the author's spelling). */
export interface DesignedObject {
  /** The kind of object. */
  readonly kind: 'task' | 'privilege' | 'duty' | 'role';
  /** Its id. */
  readonly id: string;
}

/**
 * What every design function returns: the change records that carry out the design, to be applied
 * with `applyChanges(model, result.changes)` or `gov.apply(actor, result.changes)`, and a readable
 * description. Nothing is applied by the design function itself.
 */
export interface DesignResult {
  /** The change records, in an order that applies cleanly (new members before their holders). */
  readonly changes: Change[];
  /** One or more sentences saying what the changes do. */
  readonly description: string;
  /** The objects the changes add, in the order of {@link DesignResult.changes}. */
  readonly created: readonly DesignedObject[];
  /** The existing objects the changes update. */
  readonly updated: readonly DesignedObject[];
}

/**
 * Schema of a source of entry points: a user (their effective access, optionally in one
 * organization), a role (its duties, privileges and sub-roles at any depth), a duty (its
 * privileges) or a privilege (its grants).
 */
export const accessSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), id: idSchema, organization: idSchema.optional() }),
  z.strictObject({ kind: z.literal('role'), id: idSchema }),
  z.strictObject({ kind: z.literal('duty'), id: idSchema }),
  z.strictObject({ kind: z.literal('privilege'), id: idSchema }),
]);
/** A source of entry points; see {@link accessSourceSchema}. */
export type AccessSource = z.output<typeof accessSourceSchema>;

/** Schema of the id, name and optional description of a new object. */
export const newObjectSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  description: textSchema.optional(),
});
/** The id, name and optional description of a new object. */
export type NewObject = z.output<typeof newObjectSchema>;
