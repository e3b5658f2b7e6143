/**
 * The benchmark sections, run in this order. Add a section by writing `bench/<name>.ts` exporting a
 * {@link BenchSection} and listing it here.
 *
 * @module
 */
import { accessSection } from './access.js';
import { auditSection } from './audit.js';
import type { BenchSection } from './context.js';
import { postgresSection } from './postgres.js';
import { reportsSection } from './reports.js';
import { sessionsSection } from './sessions.js';
import { sodSection } from './sod.js';
import { transferSection } from './transfer.js';
import { versionsSection } from './versions.js';

/** Every section of `npm run bench`. */
export const sections: readonly BenchSection[] = [accessSection, sessionsSection, sodSection, auditSection, postgresSection, versionsSection, reportsSection, transferSection];
