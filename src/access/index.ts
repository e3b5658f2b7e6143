/**
 * Effective access: a compiled, incrementally maintained index answering "may this user do this
 * here?", with explanations, reverse lookups and security diagnostics.
 *
 * @module
 */
export { compileAccess, MAX_GRANTERS_REQUEST } from './access-index.js';
export { MAX_EXPLAINED_PATHS } from './explain.js';
export type {
  AccessIndex,
  AccessPath,
  AccessRequest,
  AccessSubject,
  AssignmentOverride,
  EffectiveRights,
  Explanation,
  ExplanationReason,
  Granter,
  Granters,
} from './types.js';
