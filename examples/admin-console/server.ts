/**
 * `npm run console`: start the secgov admin console.
 *
 * Environment (all optional):
 * - `DATABASE_URL`: keep state in PostgreSQL (`secgov/postgres`; migrations run at start) instead of memory.
 * - `PORT` (default 3000) and `HOST` (default 127.0.0.1).
 * - `CONSOLE_PASSWORD`: the console password (default: random, printed below).
 * - `CONSOLE_SECRET`: the HMAC key of cookies (default: random, so a restart signs everyone out).
 * - `CONSOLE_SECURE_COOKIES=1`: mark cookies Secure, when a TLS proxy serves the console.
 *
 * The sign-in is demo-grade: see docs/console.md.
 */
import type { Store } from '../../src/index.js';
import { migrate, postgresStore } from '../../src/postgres.js';
import { createConsole } from './app.js';

async function storeFromEnvironment(): Promise<{ store?: Store; label: string }> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') return { label: 'memory store (state is lost when the console stops)' };
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url });
  const result = await migrate(pool);
  const applied = result.applied.length > 0 ? `, migrations ${result.applied.join(', ')} applied` : '';
  return { store: postgresStore({ pool }), label: `PostgreSQL store from DATABASE_URL${applied}` };
}

const { store, label } = await storeFromEnvironment();
const started = performance.now();
const app = await createConsole({
  ...(store ? { store } : {}),
  ...(process.env.CONSOLE_PASSWORD ? { password: process.env.CONSOLE_PASSWORD } : {}),
  ...(process.env.CONSOLE_SECRET ? { secret: process.env.CONSOLE_SECRET } : {}),
  secureCookies: process.env.CONSOLE_SECURE_COOKIES === '1',
});
const port = Number(process.env.PORT ?? 3000);
const url = await app.listen(Number.isInteger(port) && port >= 0 && port < 65536 ? port : 3000, process.env.HOST ?? '127.0.0.1');
const model = app.gov.model();
console.log(`secgov admin console on ${url} (${label}; ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
console.log(`  model: ${model.roles.size} roles, ${model.duties.size} duties, ${model.privileges.size} privileges, ${model.entryPoints.size} entry points, ${model.users.size} users`);
console.log(`  sign in as ${app.administrators().join(' or ')} with the password ${process.env.CONSOLE_PASSWORD ? '(from CONSOLE_PASSWORD)' : app.password}`);
console.log(`  clock: ${app.clock.now().toISOString()} (a ManualClock: move it from the clock bar)`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
