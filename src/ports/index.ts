/**
 * Ports: the interfaces the core needs from the outside world.
 *
 * @module
 */
export type { Clock } from './clock.js';
export type { Store, StoreTransaction, StateSnapshot, StateBatch, StateReading, SessionQuery, SessionChanges, UserActivity, LogRecord, LogPage, StoredVersion, VersionInfo } from './store.js';
