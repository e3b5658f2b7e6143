/**
 * The composition root: `createGovernance` with the embedded defaults. The core never imports an
 * adapter; this module, outside the core, is where the defaults are chosen.
 *
 * @module
 */
import { systemClock } from './adapters/clock.js';
import { memoryStore } from './adapters/memory/store.js';
import type { ModelDataInput } from './model/data.js';
import type { SecurityModel } from './model/model.js';
import type { ParametersPatch } from './model/parameters.js';
import type { Clock } from './ports/clock.js';
import type { Store } from './ports/store.js';
import { createGovernanceService } from './governance/service.js';
import type { Governance, GovernanceDependencies } from './governance/governance.js';
import { readArgument } from './model/arguments.js';

/** Options of {@link createGovernance}. Everything is optional. */
export interface GovernanceOptions {
  /** Where state, sessions and logs are kept. Default: a new {@link memoryStore}. */
  readonly store?: Store;
  /** The source of time. Default: {@link systemClock}; use `ManualClock` from `secgov/testing` in tests. */
  readonly clock?: Clock;
  /** The governed state to start from when the store is empty. Ignored when the store already holds one. */
  readonly model?: SecurityModel | ModelDataInput;
  /** Governance parameters applied on top of `model` when the store is empty. */
  readonly parameters?: ParametersPatch;
}

/**
 * Create the governance service: the object administrators and the background processor call.
 * With no options it runs on the embedded memory store and the system clock.
 *
 * @example
 * const gov = await createGovernance({ model, clock: new ManualClock('2026-03-02T08:00:00Z') });
 * const draft = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Accountant'], type: 'merge', start, end });
 * await gov.approveSession('admin', draft.id);
 * await gov.process();
 */
export async function createGovernance(options: GovernanceOptions = {}): Promise<Governance> {
  const deps = readArgument('options', (): GovernanceDependencies => {
    const o = options ?? {};
    const { store, clock, model, parameters } = o;
    return {
      store: store ?? memoryStore(),
      clock: clock ?? systemClock,
      ...(model !== undefined ? { model } : {}),
      ...(parameters !== undefined ? { parameters } : {}),
    };
  });
  return createGovernanceService(deps);
}
