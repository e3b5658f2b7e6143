/**
 * secgov: ERP user security governance.
 *
 * The main entry: the security model and its change records, effective access, licences, and (in
 * later modules) sessions, segregation of duties, versions and the audit trail.
 *
 * @packageDocumentation
 */
export * from './model/index.js';
export * from './access/index.js';
export * from './licensing/index.js';
export * from './ports/index.js';
export * from './sessions/index.js';
export * from './sod/index.js';
export * from './audit/index.js';
export * from './governance/index.js';
export * from './reports/index.js';
export * from './design/index.js';
export * from './versioning/index.js';
export { createGovernance, type GovernanceOptions } from './create-governance.js';
export { memoryStore } from './adapters/memory/store.js';
export { systemClock } from './adapters/clock.js';
export * from './transfer/index.js';
