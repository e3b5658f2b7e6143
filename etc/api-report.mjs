// The API report of the public surface (etc/*.api.md), one per entry, made by API Extractor from
// the built declarations. `node etc/api-report.mjs` fails when the public API differs from the
// committed report (CI); `node etc/api-report.mjs --update` rewrites the reports.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const update = process.argv.includes('--update');
let failed = false;
for (const entry of ['index', 'testing', 'postgres']) {
  const config = ExtractorConfig.loadFileAndPrepare(new URL(`./api-extractor.${entry}.json`, import.meta.url).pathname);
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (result.apiReportChanged && !update) {
    console.error(`the public API of ${entry} changed: review the difference, then run npm run api:update and commit etc/`);
    failed = true;
  } else if (!result.succeeded) {
    console.error(`API Extractor failed for ${entry}: ${result.errorCount} error(s)`);
    failed = true;
  } else console.log(`${entry}: API report ${update && result.apiReportChanged ? 'updated' : 'unchanged'}`);
}
process.exit(failed ? 1 : 0);
