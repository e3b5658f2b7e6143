/**
 * The checks both stores make of what a caller hands their units of work. The service hands them
 * records it built and checked, but a store is public: a malformed record, or one whose reading
 * throws (a getter, a Proxy's trap), is refused with `VALIDATION_FAILED` naming it, the same way by
 * every adapter, instead of breaking inside one.
 *
 * @module
 */
import { invalid, isIdString, isRecord, kindOf, readArgument, readOptions } from '../model/arguments.js';
import { SecGovError } from '../model/errors.js';
import type { Change } from '../model/changes.js';

/** A store's id argument (a session, a user, a version, a sequence): a string. */
export function idArgument(id: unknown, name: string): string {
  if (typeof id !== 'string') throw invalid(name, 'a string', id);
  return id;
}

/**
 * A whole number in [min, max] (infinities clamped), or `fallback` when the value is missing, not a
 * number or NaN: a cursor, a revision to read after, a limit (reading past the end or nothing at
 * all is harmless).
 */
export function whole(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** The revision `appendState` expects: the state is never at one that is not a whole number, so appending there is stale. */
export function expectedRevisionArgument(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SecGovError('CONCURRENT_MODIFICATION', `the governed state is never at revision ${typeof value === 'number' ? String(value) : kindOf(value)}: reload and retry`, { retryable: true });
  }
  return value;
}

/** The instant `findDueSessions` compares due instants with: a string (instants in canonical form sort as text). */
export function nowArgument(now: unknown): string {
  if (typeof now !== 'string') throw invalid('now', 'an ISO-8601 instant', now);
  return now;
}

/** The change records of `appendState`: an array (its records are the service's, parsed). */
export function changesArgument(changes: unknown): readonly Change[] {
  if (!Array.isArray(changes)) throw invalid('changes', 'an array of change records', changes);
  return changes as readonly Change[];
}

/** The revision and data of `saveSnapshot`, each read once. */
export function snapshotArgument(snapshot: unknown): { readonly revision: number; readonly data: Record<string, unknown> } {
  if (!isRecord(snapshot)) throw invalid('snapshot', 'a snapshot { revision, data }', snapshot);
  const { revision, data } = readOptions(snapshot, ['revision', 'data'], 'snapshot');
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) throw invalid('snapshot.revision', 'a revision number', revision);
  if (!isRecord(data)) throw invalid('snapshot.data', 'model data', data);
  return { revision, data };
}

/** The query of `findSessions`, each field read once: a user id, a list of statuses, a limit, each optional. */
export function queryArgument(query: unknown): { readonly user: string | undefined; readonly statuses: readonly unknown[] | undefined; readonly limit: number | undefined } {
  if (!isRecord(query)) throw invalid('query', 'a query { user?, statuses?, limit? }', query);
  const { user, statuses, limit } = readOptions(query, ['user', 'statuses', 'limit'], 'query');
  if (user !== undefined && typeof user !== 'string') throw invalid('query.user', 'a user id', user);
  if (statuses !== undefined && !Array.isArray(statuses)) throw invalid('query.statuses', 'an array of session statuses', statuses);
  return { user, statuses: statuses === undefined ? undefined : readArgument('query.statuses', () => [...(statuses as unknown[])]), limit: optionalNumber(limit, 'query.limit') };
}

/** The user and version of `putUserActivity`, each read once. */
export function activityArgument(activity: unknown): { readonly user: string; readonly version: number } {
  if (!isRecord(activity)) throw invalid('activity', 'a user activity { user, lastSignIn, openSignIns, version }', activity);
  const { user, version } = readOptions(activity, ['user', 'version'], 'activity');
  if (!isIdString(user)) throw invalid('activity.user', 'an id', user);
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) throw invalid('activity.version', 'a version number', version);
  return { user, version };
}

/** The stream and entries of `appendLog`. */
export function logArguments(stream: unknown, entries: unknown): readonly unknown[] {
  if (typeof stream !== 'string') throw invalid('stream', 'a stream name', stream);
  if (!Array.isArray(entries)) throw invalid('entries', 'an array of log entries', entries);
  return entries;
}

/** The options of `readLog`, each read once: where to start and how many, each optional. */
export function logOptionsArgument(options: unknown): { readonly after: number | undefined; readonly limit: number | undefined } {
  if (options === undefined) return { after: undefined, limit: undefined };
  if (!isRecord(options)) throw invalid('options', 'an object { after?, limit? }', options);
  const { after, limit } = readOptions(options, ['after', 'limit']);
  return { after: optionalNumber(after, 'options.after'), limit: optionalNumber(limit, 'options.limit') };
}

/** The id of `saveVersion`'s version, read once. */
export function versionArgument(version: unknown): string {
  if (!isRecord(version)) throw invalid('version', 'a stored version { id, name, data, ... }', version);
  const { id } = readOptions(version, ['id'], 'version');
  if (!isIdString(id)) throw invalid('version.id', 'an id', id);
  return id;
}

/**
 * A record's JSON text (`undefined`, which has none, as null, as `JSON.stringify` does inside
 * arrays), or `VALIDATION_FAILED` naming it when reading it throws (a getter, a Proxy, a bigint).
 */
export function recordJson(value: unknown, name: string): string {
  const text = readArgument(name, () => JSON.stringify(value) as string | undefined);
  return text ?? 'null';
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) throw invalid(name, 'a finite number', value);
  return value;
}
