/**
 * The tamper-evident security audit trail: entries chained by SHA-256, and their verification.
 *
 * @module
 */
export {
  AuditChainVerifier,
  AUDIT_STREAM,
  GENESIS_HASH,
  type AuditContent,
  type AuditEntry,
  type AuditFailureReason,
  type AuditVerification,
  type StoredAuditEntry,
} from './trail.js';
export { objectHistory, roleAssignmentEvents, type HistoryItem, type HistorySubject, type RoleAssignmentEvent, type RoleAssignmentFilter } from './queries.js';
