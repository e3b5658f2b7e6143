/**
 * The governance service.
 *
 * @module
 */
export type { Governance, GovernanceDependencies, ProcessReport, EffectiveView, RecordingDocument, SignIn, ApplyOptions, ApplyOutcome, ConflictResolution } from './service.js';
export { createGovernanceService } from './service.js';
