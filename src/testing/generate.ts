/**
 * The seeded scale generator: realistic, deterministic security models from a few dozen objects up
 * to the size of a real Dynamics 365 installation, for tests, examples and benchmarks.
 *
 * @module
 */
import { z } from 'zod';
import type { ModelDataInput } from '../model/data.js';
import { createModel } from '../model/data.js';
import type { SecurityModel } from '../model/model.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { Random } from './generate-random.js';
import { generatePeople } from './generate-people.js';
import { generateSecurity } from './generate-security.js';
import { modelSizes, type ModelSize } from './generate-sizes.js';

export { modelSizes, type ModelSize, type ModelSizeProfile } from './generate-sizes.js';

/** Options of {@link generateModel}. */
export interface GenerateOptions {
  /** The seed: a non-negative safe integer. The same seed and size always give the same model. */
  readonly seed: number;
  /** The named size; see {@link modelSizes}. */
  readonly size: ModelSize;
}

const optionsSchema = z.strictObject({
  seed: z.number().int('seed must be an integer').min(0, 'seed must not be negative').max(Number.MAX_SAFE_INTEGER, 'seed must be a safe integer'),
  size: z.enum(Object.keys(modelSizes) as [ModelSize, ...ModelSize[]]),
});

const DAY_MS = 86_400_000;
// Reference dates fall in the year after this instant, chosen by the seed.
const REFERENCE_EPOCH_MS = Date.UTC(2025, 0, 1);

/**
 * The fixed "now" of a generated model: every `lastSignIn` lies before it, spread over the two
 * years up to it. Derived from the seed only (never the wall clock), so reports over a generated
 * model are reproducible: pass it to a `ManualClock`.
 *
 * @param seed - the seed given to {@link generateModel}
 * @returns an ISO-8601 UTC instant at midnight, in 2025
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` when the seed is not a non-negative safe integer
 */
export function generatedReferenceDate(seed: number): string {
  const { seed: valid } = parseOrThrow(optionsSchema.pick({ seed: true }), { seed }, 'generator seed');
  return new Date(referenceMs(valid)).toISOString();
}

function referenceMs(seed: number): number {
  return REFERENCE_EPOCH_MS + Math.floor(new Random(seed, 'reference-date').next() * 365) * DAY_MS;
}

/**
 * Generate the plain data of a model (entry points, privileges, duties, roles, organizations,
 * users, assignments), deterministic in `seed` and `size`. Useful to save as JSON or to alter
 * before building; {@link generateModel} builds it.
 *
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` for an unknown size or a seed that is not a non-negative safe integer
 */
export function generateModelData(options: GenerateOptions): ModelDataInput {
  const { seed, size } = parseOrThrow(optionsSchema, options, 'generator options');
  const profile = modelSizes[size];
  const random = (stream: string): Random => new Random(seed, stream);
  const security = generateSecurity(random, profile);
  const people = generatePeople(random, profile, security.assignableRoles, referenceMs(seed));
  return {
    entryPoints: security.entryPoints,
    privileges: security.privileges,
    duties: security.duties,
    roles: security.roles,
    organizations: people.organizations,
    users: people.users,
    assignments: people.assignments,
  };
}

/**
 * Generate a realistic security model, deterministic in `seed` and `size`, built and validated
 * through {@link createModel}.
 *
 * What it holds, at size `d365`: 60,000 entry points of all eight kinds with AOT-like names
 * (`LedgerJournalTable`, `CustTableListPage`, `CustCustomerV3Entity`, service operations, form
 * controls) and licences spread over the default catalogue; 25,000 privileges (`...Maintain`,
 * `...View`) with about 300,000 grants, mostly allows and a few explicit denies; 6,000 overlapping
 * duties of 3 to 8 privileges; 1,200 roles with duties, direct privileges and, for about one in
 * ten, shallow sub-roles; the `-SYSADMIN-` role held by a few users and the `SystemUser` role
 * assigned automatically to most; 20,000 users (some disabled, some never signed in, sign-ins over
 * two years before {@link generatedReferenceDate}) with 1 to 6 roles each, about 15% of the
 * assignments scoped to organizations of a hierarchy of group, regions, legal entities and
 * operating units.
 *
 * @example
 * ```ts
 * const model = generateModel({ seed: 42, size: 'tiny' });
 * model.roles.has('-sysadmin-'); // true
 * ```
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` for an unknown size or a seed that is not a non-negative safe integer
 */
export function generateModel(options: GenerateOptions): SecurityModel {
  return createModel(generateModelData(options));
}
