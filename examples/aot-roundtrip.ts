/**
 * AOT round trip: read the platform security files of tests/fixtures/aot (real files from public
 * repositories, see their SOURCES.md), list the roles with the licences they need, write every file
 * back to a temporary folder and check that each comes back byte for byte; then export the model
 * to the secgov transfer format and import it again.
 * Run with `npx tsx examples/aot-roundtrip.ts`.
 */
import { promises as fs, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aotToModelData, compileLicenses, createModel, emptyModel, exportXml, importXml, readAotFolder, writeAotFolder, type AotFileSystem } from '../src/index.js';

const fixtures = join(import.meta.dirname, '../tests/fixtures/aot');
// node's fs/promises has the shape readAotFolder needs; the library itself does no I/O.
const files = fs as unknown as AotFileSystem;

const { objects, failures } = await readAotFolder(files, fixtures, { mode: 'report' });
console.log(`read ${objects.length} AOT files (${failures.length} failed)`);

// Menu items carry the licences (ViewUserLicense / MaintainUserLicense) of the entry points.
const { data, stubs, notes } = aotToModelData(objects.map((o) => o.object));
const model = createModel(data);
const licences = compileLicenses(model);
console.log(`\nroles (${model.roles.size}; ${stubs.length} referenced objects not among the files were added as empty stand-ins):`);
for (const role of [...model.roles.values()].filter((r) => !stubs.some((s) => s.kind === 'role' && s.id === r.id))) {
  const need = licences.ofRole(role.id);
  const attach = need.attach.length > 0 ? ` + attach ${need.attach.join(', ')}` : '';
  console.log(`  ${role.id} (${role.name}): ${role.duties.length} duties, ${role.privileges.length} privileges; licence ${need.base ?? 'none'}${attach}`);
}
for (const note of notes) console.log(`  note: ${note.object}: ${note.message}`);

const out = await mkdtemp(join(tmpdir(), 'secgov-aot-'));
const written = await writeAotFolder(files, out, objects.map((o) => o.object));
let identical = 0;
for (const { file, object } of objects) {
  const relative = `${object.kind}/${object.name}.xml`;
  if (readFileSync(join(out, relative)).equals(readFileSync(file))) identical++;
}
console.log(`\nwrote ${written.length} files to ${out}: ${identical} of ${objects.length} byte for byte identical to the originals`);
if (identical !== objects.length) process.exitCode = 1;

const xml = exportXml(model, { parts: 'configuration' });
const back = importXml(emptyModel(), xml).model;
console.log(`transfer format: ${xml.length} characters; re-import ${exportXml(back, { parts: 'configuration' }) === xml ? 'gives the same document' : 'DIFFERS'}`);
