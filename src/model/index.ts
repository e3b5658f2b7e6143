/**
 * The security model: schemas, ids, change records, {@link applyChanges}, validation and errors.
 *
 * @module
 */
export * from './errors.js';
export * from './ids.js';
export * from './time.js';
export * from './schemas.js';
export * from './parameters.js';
export * from './model.js';
export * from './changes.js';
export * from './governance-schemas.js';
export * from './design-schemas.js';
export { applyChanges, safeApplyChanges, type ApplyResult } from './apply.js';
export * from './data.js';
export * from './access-level.js';
