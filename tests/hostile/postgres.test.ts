/**
 * The PostgreSQL entry given hostile values: its options (the whole object, then each field), and a
 * pool or client whose answers are hostile. Every call answers a value or a SecGovError (a store
 * failure keeps what the driver threw as its `cause`): never a TypeError from inside the adapter.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, postgresStore } from '../../src/postgres.js';
import { outcomeOf } from '../support/errors.js';
import { pglitePool, type PglitePool } from '../adapters/postgres/pglite-pool.js';
import { hostileValues, labelOf } from './hostile-values.js';
import { crashesOf } from './sweep.js';

/** Open a store on `pool`'s options and run one unit of work: what a caller does first. */
async function firstUse(options: unknown): Promise<unknown> {
  const store = postgresStore(options as never);
  return store.transact((tx) => tx.stateRevision());
}

describe('secgov/postgres: hostile options and hostile driver answers', () => {
  let pool: PglitePool | undefined;
  afterAll(async () => pool?.end());

  it('postgresStore and migrate: every field of their options', async () => {
    pool = await pglitePool();
    await migrate(pool, { schema: 'secgov' });
    expect(await outcomeOf(() => firstUse({ pool, schema: 'secgov', endPoolOnClose: false }))).toBe('value');
    expect(await crashesOf({ pool, schema: 'secgov', endPoolOnClose: false }, firstUse, 1)).toEqual([]);
    expect(await crashesOf({ schema: 'secgov' }, (input) => migrate(pool!, input as never), 1)).toEqual([]);
  });

  it('a pool, a client or a query answering hostile values is a typed failure', async () => {
    const crashes: string[] = [];
    for (const value of hostileValues) {
      const answers: readonly [string, unknown][] = [
        ['connect resolves', { connect: async () => value }],
        ['query resolves', { connect: async () => ({ query: async () => value, release: () => undefined }) }],
        ['query rows', { connect: async () => ({ query: async () => ({ rows: value, rowCount: 1 }), release: () => undefined }) }],
        ['query row', { connect: async () => ({ query: async () => ({ rows: [value], rowCount: 1 }), release: () => undefined }) }],
        ['release', { connect: async () => ({ query: async () => ({ rows: [], rowCount: 0 }), release: value }) }],
      ];
      for (const [what, bad] of answers) {
        const store = await outcomeOf(() => firstUse({ pool: bad, schema: 'secgov' }));
        if (store !== 'value' && store !== 'SecGovError') crashes.push(`store, ${what} ${labelOf(value)} -> ${store}`);
        const migrated = await outcomeOf(() => migrate(bad as never, { schema: 'secgov' }));
        if (migrated !== 'value' && migrated !== 'SecGovError') crashes.push(`migrate, ${what} ${labelOf(value)} -> ${migrated}`);
      }
    }
    expect(crashes).toEqual([]);
  });
});
