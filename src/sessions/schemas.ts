/**
 * Session records: temporary role sessions and privileged user sessions, and the inputs that create them.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, textSchema, MAX_ID_LENGTH } from '../model/ids.js';
import { scopeSchema, scopedOrganizationSchema } from '../model/schemas.js';
import { instantSchema } from '../model/time.js';

/** Most roles one session may grant. */
export const MAX_SESSION_ROLES = 1_000;

/** The two kinds of session. */
export const sessionKinds = ['temporary-role', 'privileged'] as const;
/** Schema of a session kind. */
export const sessionKindSchema = z.enum(sessionKinds);
/** A kind of session. */
export type SessionKind = z.infer<typeof sessionKindSchema>;

/** Every session status. */
export const sessionStatuses = ['draft', 'planned', 'approved', 'active', 'ended', 'cancelled', 'rejected'] as const;
/** Schema of a session status. */
export const sessionStatusSchema = z.enum(sessionStatuses);
/** A session status. */
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/** How a temporary role session combines with the user's own roles. */
export const sessionTypeSchema = z.enum(['merge', 'replace']);
/** `merge` adds the session's roles; `replace` suspends the user's own roles for the session. */
export type SessionType = z.infer<typeof sessionTypeSchema>;

/** What a privileged session does to the account while it is active. */
export const accountActionSchema = z.enum(['enable', 'disable']);
/** `enable` or `disable` the account while the privileged session is active. */
export type AccountAction = z.infer<typeof accountActionSchema>;

/** Why a session ended. */
export const endReasonSchema = z.enum(['end-reached', 'ended-early', 'expired-before-start']);
/** Why a session ended. */
export type EndReason = z.infer<typeof endReasonSchema>;

const justification = textSchema.min(1, 'justification must not be empty');
const ticket = z.string().min(1).max(MAX_ID_LENGTH);

/** Schema of a stored session. `version` increases with every write (optimistic concurrency). */
export const sessionSchema = z.strictObject({
  id: idSchema,
  kind: sessionKindSchema,
  status: sessionStatusSchema,
  user: idSchema,
  roles: z.array(idSchema).max(MAX_SESSION_ROLES),
  scope: scopeSchema,
  type: sessionTypeSchema,
  account: accountActionSchema.nullable(),
  start: instantSchema,
  end: instantSchema,
  justification: justification.nullable(),
  ticket: ticket.nullable(),
  requestedBy: idSchema,
  requestedAt: instantSchema,
  approvedBy: idSchema.nullable(),
  approvedAt: instantSchema.nullable(),
  startedAt: instantSchema.nullable(),
  endedAt: instantSchema.nullable(),
  endReason: endReasonSchema.nullable(),
  /**
   * Roles an administrator assigned to the user while this (Replace) session was active: they take
   * effect at once, next to the session's roles, and stay after the end.
   */
  assignedDuring: z.array(idSchema).max(100_000),
  version: z.number().int().min(1),
});
/** A stored session. Instants are ISO-8601 UTC strings. */
export type Session = z.output<typeof sessionSchema>;

/** Schema of the input creating a temporary role session. */
export const temporaryRoleSessionInputSchema = z.strictObject({
  user: idSchema,
  roles: z.array(idSchema).min(1, 'a temporary role session needs at least one role').max(MAX_SESSION_ROLES),
  /** Organizations the roles apply to; all organizations when omitted. */
  organizations: z.array(scopedOrganizationSchema).min(1).max(MAX_SESSION_ROLES).optional(),
  type: sessionTypeSchema,
  start: instantSchema,
  end: instantSchema,
  justification: justification.optional(),
  ticket: ticket.optional(),
});
/** Input of `createTemporaryRoleSession`. Dates may be `Date`s or ISO strings. */
export type TemporaryRoleSessionInput = z.input<typeof temporaryRoleSessionInputSchema>;

/** Schema of the input creating a privileged user session. */
export const privilegedSessionInputSchema = z.strictObject({
  user: idSchema,
  start: instantSchema,
  end: instantSchema,
  account: accountActionSchema,
  /** Roles granted for the session (merged with the user's own). */
  roles: z.array(idSchema).max(MAX_SESSION_ROLES).default([]),
  justification: justification.optional(),
  ticket: ticket.optional(),
});
/** Input of `createPrivilegedSession`. */
export type PrivilegedSessionInput = z.input<typeof privilegedSessionInputSchema>;

/** Schema of an edit of a draft session: the fields to change. */
export const sessionEditSchema = z.strictObject({
  roles: z.array(idSchema).max(MAX_SESSION_ROLES).optional(),
  organizations: z.array(scopedOrganizationSchema).min(1).max(MAX_SESSION_ROLES).nullable().optional(),
  type: sessionTypeSchema.optional(),
  account: accountActionSchema.optional(),
  start: instantSchema.optional(),
  end: instantSchema.optional(),
  justification: justification.nullable().optional(),
  ticket: ticket.nullable().optional(),
});
/** An edit of a draft session. `null` clears an optional field. */
export type SessionEdit = z.input<typeof sessionEditSchema>;
