/**
 * Sessions: temporary role sessions and privileged user sessions, their state machine, overlay and logs.
 *
 * @module
 */
export * from './schemas.js';
export * from './machine.js';
export * from './overlay.js';
export { validateSession, MAX_PRIVILEGED_SESSION_MS } from './validate.js';
export * from './logs.js';
