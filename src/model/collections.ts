/**
 * Which map of the model holds each kind of object, and how an object's key is computed.
 *
 * @module
 */
import type { ObjectKind } from './changes.js';
import type { SecurityModel } from './model.js';
import { idKey } from './ids.js';
import { entryPointId } from './schemas.js';
import type { EntryPoint } from './schemas.js';

/** The model property holding each kind. */
export const collectionOf = {
  entryPoint: 'entryPoints',
  privilege: 'privileges',
  duty: 'duties',
  role: 'roles',
  user: 'users',
  organization: 'organizations',
  sodRule: 'sodRules',
  securityCategory: 'securityCategories',
  process: 'processes',
  task: 'tasks',
  assignmentRule: 'assignmentRules',
} as const satisfies Record<ObjectKind, keyof SecurityModel>;

/** The display id of an object of a kind (entry points have a derived id). */
export function objectId(kind: ObjectKind, value: object): string {
  return kind === 'entryPoint' ? entryPointId(value as EntryPoint) : (value as { id: string }).id;
}

/** The map key of an object of a kind. */
export function objectKey(kind: ObjectKind, value: object): string {
  return idKey(objectId(kind, value));
}

/** Readable names of the kinds, for messages. */
export const kindLabel: Record<ObjectKind, string> = {
  entryPoint: 'entry point',
  privilege: 'privilege',
  duty: 'duty',
  role: 'role',
  user: 'user',
  organization: 'organization',
  sodRule: 'SoD rule',
  securityCategory: 'security category',
  process: 'process',
  task: 'task',
  assignmentRule: 'assignment rule',
};
