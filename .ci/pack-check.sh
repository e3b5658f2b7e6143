#!/usr/bin/env bash
# Packaging check: pack the package as npm would publish it, lint the tarball (publint, attw),
# install it into a fresh project and use it from ESM, CJS and TypeScript (node16/nodenext
# resolution), including the cross-entry check: an error thrown by `secgov/testing` or
# `secgov/postgres` is `instanceof SecGovError` imported from `secgov` (one shared class in both
# formats). `secgov/postgres` must load without `pg` installed (an optional peer dependency).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
tsc="$repo/node_modules/.bin/tsc"

if [ ! -f dist/index.js ] || [ ! -f dist/index.cjs ] || [ ! -f dist/testing.cjs ] || [ ! -f dist/postgres.cjs ]; then
  echo "--- dist/ is missing: npm run build"
  npm run build
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "--- npm pack"
tarball_name="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
tarball="$work/$tarball_name"
[ -f "$tarball" ] || { echo "npm pack did not produce a tarball" >&2; exit 1; }
echo "packed $tarball_name ($(du -k "$tarball" | cut -f1) KiB)"

echo "--- tarball contents"
tar tzf "$tarball" | sort >"$work/contents.txt"
cat "$work/contents.txt"
for required in package/package.json package/README.md package/LICENSE package/CHANGELOG.md \
  package/dist/index.js package/dist/index.cjs package/dist/index.d.ts package/dist/index.d.cts \
  package/dist/testing.js package/dist/testing.cjs package/dist/testing.d.ts package/dist/testing.d.cts \
  package/dist/postgres.js package/dist/postgres.cjs package/dist/postgres.d.ts package/dist/postgres.d.cts \
  package/dist/cli.js; do
  grep -qx "$required" "$work/contents.txt" || { echo "the tarball lacks $required" >&2; exit 1; }
done
if grep -E '^package/(src|tests|bench|examples|docs|fixtures|\.ci|\.tmp|node_modules)/|\.map$|\.test\.' "$work/contents.txt"; then
  echo "the tarball holds files that are not meant to be published (above)" >&2
  exit 1
fi

echo "--- publint"
npx --no-install publint run --strict "$tarball"

echo "--- attw (node10 resolution is not checked: the package is used through its exports map)"
npx --no-install attw --profile node16 "$tarball"

echo "--- install the tarball into a fresh project"
app="$work/app"
mkdir -p "$app"
cd "$app"
npm init -y >/dev/null
# The tarball itself comes from disk; its dependencies (zod, immer, date-fns) from the registry,
# from the npm cache when they are there already.
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tarball" >/dev/null
node -e "console.log('installed secgov', require('secgov/package.json').version)"
echo "--- the secgov command from the installed package"
./node_modules/.bin/secgov --help | head -n 1
./node_modules/.bin/secgov demo --format json >/dev/null

# The same checks from both module systems. `generateModel` validates its options at the
# boundary, so a bad size is a VALIDATION_FAILED SecGovError thrown by the testing entry.
cat >check.mjs <<'EOF'
import assert from 'node:assert/strict';
import { SecGovError, applyChanges, compileAccess, compileLicenses, createModel, isSecGovError } from 'secgov';
import { ManualClock, generateModel } from 'secgov/testing';
import { migrate, migrations, postgresStore } from 'secgov/postgres';

const model = createModel({
  entryPoints: [{ kind: 'menu-item-display', name: 'LedgerJournalTable' }],
  privileges: [{ id: 'LedgerJournalView', name: 'View journals', grants: [{ entryPoint: 'menu-item-display:LedgerJournalTable', read: 'allow' }] }],
  roles: [{ id: 'Accountant', name: 'Accountant', privileges: ['LedgerJournalView'] }],
  users: [{ id: 'alice', name: 'Alice' }],
  assignments: [{ user: 'alice', role: 'Accountant' }],
});
assert.equal(model.roles.size, 1);
assert.equal(compileAccess(model).check('alice', 'menu-item-display:LedgerJournalTable', 'read'), true);
assert.equal(compileAccess(model).check('alice', 'menu-item-display:LedgerJournalTable', 'update'), false);
assert.deepEqual(compileLicenses(model).ofUser('alice').licenses, []);

assert.throws(() => applyChanges(model, [{ op: 'remove', kind: 'role', id: 'Accountant' }]), (error) => error instanceof SecGovError && error.code === 'IN_USE');
assert.throws(() => generateModel({ seed: 1, size: 'nope' }), (error) => error instanceof SecGovError && isSecGovError(error, 'VALIDATION_FAILED'));
assert.equal(generateModel({ seed: 1, size: 'tiny' }).users.size > 0, true);
assert.equal(typeof ManualClock, 'function');
assert.throws(() => postgresStore({}), (error) => error instanceof SecGovError && error.code === 'VALIDATION_FAILED');
assert.equal(typeof migrate, 'function');
assert.equal(migrations[0].version, 1);
// A pool that cannot connect: the store answers with a typed, retryable error.
const refused = postgresStore({ pool: { connect: async () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); } } });
await assert.rejects(refused.transact(async (tx) => tx.stateRevision()), (error) => error instanceof SecGovError && error.code === 'STORE_FAILURE' && error.details.retryable === true);
console.log('ESM: secgov, secgov/testing and secgov/postgres work (without pg installed); their errors are instanceof SecGovError from secgov');
EOF

cat >check.cjs <<'EOF'
const assert = require('node:assert/strict');
const { SecGovError, applyChanges, compileAccess, createModel, isSecGovError } = require('secgov');
const { ManualClock, generateModel } = require('secgov/testing');
const { migrate, postgresStore } = require('secgov/postgres');

const model = createModel({
  roles: [{ id: 'Accountant', name: 'Accountant' }],
  users: [{ id: 'alice', name: 'Alice' }],
  assignments: [{ user: 'alice', role: 'Accountant' }],
});
assert.equal(model.assignments.size, 1);
assert.throws(() => compileAccess(model).check('nobody', 'table:T', 'read'), (error) => error instanceof SecGovError && error.code === 'NOT_FOUND');

assert.throws(() => applyChanges(model, [{ op: 'remove', kind: 'user', id: 'alice' }]), (error) => error instanceof SecGovError && error.code === 'IN_USE');
assert.throws(() => generateModel({ seed: 1, size: 'nope' }), (error) => error instanceof SecGovError && isSecGovError(error, 'VALIDATION_FAILED'));
assert.equal(generateModel({ seed: 1, size: 'tiny' }).users.size > 0, true);
assert.equal(typeof ManualClock, 'function');
assert.throws(() => postgresStore({}), (error) => error instanceof SecGovError && error.code === 'VALIDATION_FAILED');
assert.equal(typeof migrate, 'function');
console.log('CJS: secgov, secgov/testing and secgov/postgres work (without pg installed); their errors are instanceof SecGovError from secgov');
EOF

echo "--- node check.mjs"
node check.mjs
echo "--- node check.cjs"
node check.cjs

echo "--- tsc --noEmit (module nodenext): .ts, .mts and .cts consumers"
cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": false,
    "types": [],
    "noEmit": true
  },
  "files": ["consumer.ts", "consumer.mts", "consumer.cts"]
}
EOF
consumer_body='
const data: ModelDataInput = {
  entryPoints: [{ kind: "table", name: "CustTable", viewLicense: "team-members" }],
  privileges: [{ id: "CustView", name: "View customers", grants: [{ entryPoint: "table:CustTable", read: "allow" }] }],
  roles: [{ id: "Clerk", name: "Clerk", privileges: ["CustView"] }],
};
const model: SecurityModel = createModel(data);
const size: number = model.roles.size;
const allowed: boolean = compileAccess(model).check("bob", "table:CustTable", "read");
const generated: SecurityModel = generateModel({ seed: 1, size: "tiny" });
function codeOf(error: unknown): SecGovErrorCode | undefined {
  return error instanceof SecGovError ? error.code : undefined;
}
const pool: PgPool = { connect: () => Promise.reject(new Error("no server")) };
const store: Store = postgresStore({ pool, schema: "secgov", endPoolOnClose: false });
export const facts = { size, allowed, users: generated.users.size, code: codeOf(new Error("x")), store, migrate };
'
# consumer.ts is CommonJS here (the project has no "type": "module"), .mts is ESM, .cts is CommonJS.
for ext in ts mts cts; do
  {
    echo 'import { SecGovError, compileAccess, createModel, type ModelDataInput, type SecGovErrorCode, type SecurityModel, type Store } from "secgov";'
    echo 'import { generateModel } from "secgov/testing";'
    echo 'import { migrate, postgresStore, type PgPool } from "secgov/postgres";'
    echo "$consumer_body"
  } >"consumer.$ext"
done
"$tsc" -p tsconfig.json
echo "TypeScript consumers type-check (.ts, .mts, .cts)"

cd "$repo"
echo "packaging check passed"
