import { afterAll, describe, it } from 'vitest';
import type { Store } from '../../../src/index.js';
import { describeStoreConformance } from '../../../src/testing/index.js';
import { describeServer, dropSchema, freshStore, newPool } from './server.js';

// The store conformance suite against a real PostgreSQL server, each test in a schema of its own.
describeServer('postgresStore on a real PostgreSQL server', () => {
  const pool = newPool({ max: 8 });
  const schemas = new Map<Store, string>();
  afterAll(async () => {
    await pool.end();
  });
  describeStoreConformance(
    'postgresStore on PostgreSQL',
    async () => {
      const { store, schema } = await freshStore(pool, 'conformance');
      schemas.set(store, schema);
      return store;
    },
    { describe, it },
    async (store) => {
      await dropSchema(pool, schemas.get(store)!);
    },
  );
});
