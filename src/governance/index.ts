/**
 * The governance service.
 *
 * @module
 */
export type { Governance, GovernanceDependencies, ProcessReport, EffectiveView, RecordingDocument, SignIn, ApplyOptions, ApplyOutcome, ConflictResolution, StagedBatch } from './governance.js';
export { createGovernanceService } from './service.js';
