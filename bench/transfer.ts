/**
 * Transfer section: export of the generated model to the secgov transfer format (MB/s), import of
 * the same bytes (read, validate, references, change records, trial apply and the diff) into the
 * same state and into an empty model, and in the same run the bare fast-xml-parser parse of the
 * same bytes (attributes on, nothing else), which the import is compared with.
 *
 * @module
 */
import { XMLParser } from 'fast-xml-parser';
import { emptyModel } from '../src/model/model.js';
import { exportXml, previewImport } from '../src/transfer/index.js';
import type { BenchSection } from './context.js';
import { consume, measure } from './timing.js';

const SECTION = 'transfer';

/** The transfer section. */
export const transferSection: BenchSection = {
  name: SECTION,
  title: 'export and import of the generated model (MB/s) vs the bare fast-xml-parser parse of the same bytes',
  run(context) {
    const { report, model } = context;
    const runs = context.scale(5, 1);
    context.log('transfer: export');
    let xml = '';
    const exp = measure(() => (xml = exportXml(model)), { warmup: 1, runs });
    const mb = Buffer.byteLength(xml, 'utf8') / 1e6;
    report.figure(SECTION, 'transfer.export_mb_s', mb / (exp.median / 1000), 'MB/s', `exportXml of the whole model (${mb.toFixed(1)} MB), median of ${exp.runs}`, { op: '>=', target: 50, label: '≥ 50 MB/s' });

    context.log('transfer: bare parse');
    const bare = new XMLParser({ ignoreAttributes: false });
    const parse = measure(() => consume(bare.parse(xml)), { warmup: 1, runs });
    report.figure(SECTION, 'transfer.bare_parse_mb_s', mb / (parse.median / 1000), 'MB/s', `fast-xml-parser parse of the same bytes (attributes on, no checks), median of ${parse.runs}`);

    context.log('transfer: import into the same state (preview: changes + diff)');
    const same = measure(() => consume(previewImport(model, xml)), { warmup: 1, runs });
    report.figure(SECTION, 'transfer.import_same_mb_s', mb / (same.median / 1000), 'MB/s', `previewImport into the same state: guard scan, parse, every record validated, references, change records (none) and the diff, median of ${same.runs}`);
    report.ratio(SECTION, 'import_vs_bare_parse', same.median / parse.median, 'import (validation and diff, into the same state) time / bare parse time (lower is better)', { op: '<=', target: 3, label: '≤ 3× bare parse' });

    context.log('transfer: import into an empty model');
    const fresh = measure(() => consume(previewImport(emptyModel(), xml)), { warmup: 0, runs: context.scale(2, 1) });
    report.figure(SECTION, 'transfer.import_empty_mb_s', mb / (fresh.median / 1000), 'MB/s', `previewImport into an empty model: as above plus ${model.entryPoints.size + model.privileges.size + model.duties.size + model.roles.size} add changes tried with applyChanges and the full diff, median of ${fresh.runs}`);
    report.ratio(SECTION, 'import_empty_vs_bare_parse', fresh.median / parse.median, 'import into an empty model (building the whole model through applyChanges, and the diff) / bare parse (lower is better)');
  },
};
