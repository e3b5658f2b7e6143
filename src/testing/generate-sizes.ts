/**
 * The named sizes of generated models.
 *
 * @module
 */

/**
 * Target counts of a generated model. The generator hits `entryPoints`, `privileges`, `duties`,
 * `roles` (including the two built-in roles), `users` and `organizations` exactly; `grants` and
 * assignments are drawn from skewed distributions and land near their targets.
 */
export interface ModelSizeProfile {
  /** Entry points, spread over all eight kinds. */
  readonly entryPoints: number;
  /** Privileges. */
  readonly privileges: number;
  /** Target total number of grants over all privileges (about 12 per privilege). */
  readonly grants: number;
  /** Duties (3 to 8 privileges each). */
  readonly duties: number;
  /** Roles, including `-SYSADMIN-` and `SystemUser`. */
  readonly roles: number;
  /** Users (1 to 6 role assignments each). */
  readonly users: number;
  /** Organizations: legal entities, regions and operating units. */
  readonly organizations: number;
}

/**
 * The named sizes: `tiny` (a few dozen objects, for docs and tests), `small` (about 1% of a
 * Dynamics 365 installation), `medium` (about 10%) and `d365` (the size of a real installation:
 * 60,000 entry points, 25,000 privileges with 300,000 grants, 6,000 duties, 1,200 roles, 20,000 users).
 */
export const modelSizes = {
  tiny: { entryPoints: 24, privileges: 8, grants: 40, duties: 4, roles: 5, users: 6, organizations: 5 },
  small: { entryPoints: 600, privileges: 250, grants: 3_000, duties: 60, roles: 14, users: 200, organizations: 10 },
  medium: { entryPoints: 6_000, privileges: 2_500, grants: 30_000, duties: 600, roles: 120, users: 2_000, organizations: 25 },
  d365: { entryPoints: 60_000, privileges: 25_000, grants: 300_000, duties: 6_000, roles: 1_200, users: 20_000, organizations: 50 },
} as const satisfies Record<string, ModelSizeProfile>;

/** A named size of generated model; see {@link modelSizes}. */
export type ModelSize = keyof typeof modelSizes;
