/**
 * What-if: the risks and licences a set of assignment changes would add, keep or remove for one
 * user, computed without changing anything.
 *
 * @module
 */
import { z } from 'zod';
import { applyTrustedChanges } from '../model/apply.js';
import { changeSchema, type Change, type ChangeInput } from '../model/changes.js';
import { SecGovError } from '../model/errors.js';
import { idKey, idSchema } from '../model/ids.js';
import { assertModel } from '../model/assert-model.js';
import type { SecurityModel } from '../model/model.js';
import type { Assignment } from '../model/schemas.js';
import { instantSchema } from '../model/time.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { assertCompiledFrom, invalid, isRecord, readOptions } from '../model/arguments.js';
import { checkedAssignmentsCallback } from './callbacks.js';
import { compileLicenses, userLicensesWith, type LicenseIndex } from '../licensing/compile.js';
import { assignmentsAfter } from '../model/user-assignments.js';
import type { LicenseRequirement } from '../licensing/types.js';
import { advanceSodContext, compileSodContext, type SodContext } from './context.js';
import { overridesByUserRule, ruleHits, violationsOf, type Violation } from './compliance.js';

/** Most assignment changes one what-if question may hold. */
export const MAX_WHAT_IF_CHANGES = 1_000;

/** The answer of {@link simulateAssignments}. */
export interface WhatIf {
  /** The user asked about. */
  readonly user: string;
  /** The instant used for override expiry. */
  readonly at: string;
  /** Rules the user would break after the changes and does not break now. */
  readonly added: readonly Violation[];
  /** Rules the user breaks now and still would. */
  readonly kept: readonly Violation[];
  /** Rules the user breaks now and no longer would. */
  readonly removed: readonly Violation[];
  /** The user's licence requirement now and after the changes, and the licences gained and lost. */
  readonly licenses: {
    readonly before: LicenseRequirement;
    readonly after: LicenseRequirement;
    readonly added: readonly string[];
    readonly removed: readonly string[];
  };
}

/** Options of {@link simulateAssignments}. */
export interface WhatIfOptions {
  /** The instant at which overrides are judged (ISO-8601): the library never reads the wall clock. */
  readonly at: string;
  /**
   * The user's effective assignments for given own ones (sessions in force); identity when absent.
   * Asked for the assignments after the changes, `assigned` holds the keys of the roles the changes
   * assign (an assignment made during a Replace session applies at once); empty for those before.
   */
  readonly overlay?: (userKey: string, own: readonly Assignment[], assigned: ReadonlySet<string>) => readonly Assignment[];
  /** A compiled SoD context of `model`, when the caller keeps one. @internal */
  readonly context?: SodContext;
  /** Compiled licences of `model`, when the caller keeps them. @internal */
  readonly licenses?: LicenseIndex;
}

const whatIfInput = z.strictObject({
  user: idSchema,
  changes: z.array(changeSchema).min(1).max(MAX_WHAT_IF_CHANGES),
  at: instantSchema,
});

/**
 * Answer, without changing anything, which SoD risks a set of assignment changes (`assign` and
 * `unassign` records for one user) would add, keep or remove for that user, and how the user's
 * licence requirement would change. Organization-aware. With `overlay`, a rule counts when it is
 * broken with the sessions in force or with the user's own assignments alone (as once the sessions
 * end), as enforcement checks an assignment. Overridden violations are listed too, with their override.
 *
 * @throws {@link SecGovError} `VALIDATION_FAILED` for malformed input (a `model` that is not a model included) or a change that is not an
 *   assignment change of `user`; `NOT_FOUND` / `MISSING_REFERENCE` when the changes could not be applied
 */
export function simulateAssignments(model: SecurityModel, user: string, changes: readonly ChangeInput[], options: WhatIfOptions): WhatIf {
  assertModel(model);
  if (!isRecord(options)) throw invalid('options', 'an object { at, overlay? }', options);
  const read = readOptions(options, ['at', 'context', 'licenses', 'overlay']);
  // Compiled parts a caller keeps must be of this model: others would answer for another model.
  assertCompiledFrom(read.context, model, 'options.context', 'the SoD context');
  assertCompiledFrom(read.licenses, model, 'options.licenses', 'the licences');
  const input = parseOrThrow(whatIfInput, { user, changes, at: read.at }, 'what-if');
  const userKey = idKey(input.user);
  const subject = model.users.get(userKey);
  if (!subject) throw new SecGovError('NOT_FOUND', `user "${input.user}" does not exist`, { ids: [input.user] });
  input.changes.forEach((c: Change, i) => {
    const target = c.op === 'assign' ? c.assignment.user : c.op === 'unassign' ? c.user : undefined;
    if (target === undefined || idKey(target) !== userKey) {
      throw new SecGovError('VALIDATION_FAILED', `what-if change ${i} is not an assignment change of user "${subject.id}"`, { ids: [subject.id], path: ['changes', i] });
    }
  });
  const after = applyTrustedChanges(model, input.changes);
  const before = (read.context as SodContext | undefined) ?? compileSodContext(model);
  const next = advanceSodContext(before, after, input.changes).context;
  // The user's own assignments before (read once from the model) and after (the changes patched
  // in, in the model's order): neither model is scanned twice.
  const ownBefore = [...model.assignments.values()].filter((a) => idKey(a.user) === userKey);
  const ownAfter = assignmentsAfter(ownBefore, userKey, input.changes);
  const overlay = checkedAssignmentsCallback<[string, readonly Assignment[], ReadonlySet<string>], false>(read.overlay as WhatIfOptions['overlay'], 'overlay', false);
  const assigned = new Set(assignmentsAfter([], userKey, input.changes).map((a) => idKey(a.role)));
  const overrides = overridesByUserRule(model);
  // The rules broken with the sessions in force, and with the user's own assignments alone (as once
  // the sessions end: roles a Replace session suspends come back), each rule once, as the first
  // view finds it; enforcement holds an assignment that adds a rule in either.
  // Without sessions the overlay answers the own list itself: one view is enough.
  const all = (ctx: SodContext, own: readonly Assignment[], roles: ReadonlySet<string>): Violation[] => {
    const effective = overlay ? overlay(userKey, own, roles) : own;
    const out = violationsOf(ctx, subject.id, ruleHits(ctx, effective), overrides);
    if (effective === own) return out;
    const seen = new Set(out.map((v) => idKey(v.rule)));
    for (const v of violationsOf(ctx, subject.id, ruleHits(ctx, own), overrides)) if (!seen.has(idKey(v.rule))) out.push(v);
    return out.sort((a, b) => (idKey(a.rule) < idKey(b.rule) ? -1 : 1));
  };
  const now = all(before, ownBefore, new Set());
  const then = all(next, ownAfter, assigned);
  const had = new Set(now.map((v) => idKey(v.rule)));
  const will = new Set(then.map((v) => idKey(v.rule)));
  // Only this user's assignments differ: the licences after come from the same roll-up.
  const licenses = (read.licenses as LicenseIndex | undefined) ?? compileLicenses(model);
  const licensesBefore = licenses.ofUser(subject.id);
  const licensesAfter = userLicensesWith(licenses, subject.id, ownAfter) ?? compileLicenses(after).ofUser(subject.id);
  const ids = (r: LicenseRequirement) => new Set(r.licenses.map(idKey));
  const beforeIds = ids(licensesBefore);
  const afterIds = ids(licensesAfter);
  return {
    user: subject.id,
    at: input.at,
    added: then.filter((v) => !had.has(idKey(v.rule))),
    kept: then.filter((v) => had.has(idKey(v.rule))),
    removed: now.filter((v) => !will.has(idKey(v.rule))),
    licenses: {
      before: licensesBefore,
      after: licensesAfter,
      added: licensesAfter.licenses.filter((l) => !beforeIds.has(idKey(l))),
      removed: licensesBefore.licenses.filter((l) => !afterIds.has(idKey(l))),
    },
  };
}
