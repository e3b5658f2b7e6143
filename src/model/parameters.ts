/**
 * Governance parameters: part of the governed state, changed only through change records.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema } from './ids.js';

/** The platform's system administrator role id. */
export const SYSTEM_ADMINISTRATOR_ROLE = '-SYSADMIN-';

const days = z.number().int().min(1).max(36_500);

// Fields without defaults, so that a patch names only what it changes.
const parameterFields = {
  /** Refuse or warn when a new or changed duty or privilege overlaps an existing one. */
  checkSimilarity: z.boolean(),
  /** Level for similarity validation: percent of the new object's entry points another one also grants. */
  similarityLevel: z.number().min(0).max(100),
  /** Whether a similarity above the level refuses the change or only warns. */
  similarityEnforcement: z.enum(['refuse', 'warn']),
  /** Whether configuration changes stay unpublished until published. */
  allowUnpublishedObjects: z.boolean(),
  /** The five user aging periods, in days, strictly ascending. */
  agingPeriods: z
    .tuple([days, days, days, days, days])
    .refine((p) => p.every((d, i) => i === 0 || d > p[i - 1]!), 'user aging periods must be strictly ascending'),
  /** `enforce`: conflicting assignments are held as unresolved conflicts; `report`: applied and reported. */
  sodEnforcement: z.enum(['enforce', 'report']),
  /** When true, a session's approver must differ from its requester. */
  fourEyesApproval: z.boolean(),
  /** When true, every session needs a justification. */
  requireJustification: z.boolean(),
  /** Holders of this role administer security. It has full access and needs no licence. */
  administratorRole: idSchema,
};

/** Schema of complete governance parameters. */
export const parametersSchema = z.strictObject(parameterFields);
/** Governance parameters. */
export type Parameters = z.output<typeof parametersSchema>;

/** Schema of a change to some parameters: every field optional, no defaults. */
export const parametersPatchSchema = z.strictObject(parameterFields).partial();
/** A change to some governance parameters. */
export type ParametersPatch = z.output<typeof parametersPatchSchema>;

/** The default parameters. */
export const defaultParameters: Parameters = {
  checkSimilarity: false,
  similarityLevel: 80,
  similarityEnforcement: 'refuse',
  allowUnpublishedObjects: false,
  agingPeriods: [30, 60, 90, 180, 365],
  sodEnforcement: 'enforce',
  fourEyesApproval: false,
  requireJustification: false,
  administratorRole: SYSTEM_ADMINISTRATOR_ROLE,
};
