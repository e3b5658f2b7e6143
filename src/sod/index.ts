/**
 * Segregation of duties and separation of privileges: rules, role and assignment enforcement,
 * compliance scans (full and incremental), what-if, and similarity.
 *
 * @module
 */
export { verifyCompliance, type ComplianceOptions, type ComplianceReport, type Violation } from './compliance.js';
export { validateRule, roleConflicts, type RoleViolation } from './roles.js';
export { SodMonitor, type EffectiveAssignments } from './monitor.js';
export { simulateAssignments, MAX_WHAT_IF_CHANGES, type WhatIf, type WhatIfOptions } from './what-if.js';
export { similarityReport, similarTo, type SimilarityKind, type SimilarityPair } from './similarity.js';
