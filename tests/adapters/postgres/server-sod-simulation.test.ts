/**
 * The SoD service simulation (tests/sod/service-simulation.ts) on a real PostgreSQL server, where
 * units of work of one service run side by side on their own connections: the steps it runs two
 * at once race as they would on application servers.
 */
import { afterAll, beforeAll } from 'vitest';
import type pg from 'pg';
import { describeSodSimulation } from '../../sod/service-simulation.js';
import { describeServer, dropSchema, freshStore, newPool } from './server.js';

describeServer('the SoD service simulation on a PostgreSQL server', () => {
  let pool: pg.Pool;
  const schemas: string[] = [];
  beforeAll(() => {
    pool = newPool({ max: 4 });
  });
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(pool, schema);
    await pool.end();
  });
  describeSodSimulation('PostgreSQL server', async () => {
    const { store, schema } = await freshStore(pool, 'sod_sim');
    schemas.push(schema);
    return store;
  }, Number(process.env['SECGOV_SIMULATION_RUNS'] ?? 10));
});
