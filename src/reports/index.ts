/**
 * Reports: pure functions from the governed state (a model, sessions, audit entries) and an
 * explicit instant to typed rows, and renderers to JSON, CSV, Markdown and self-contained HTML.
 * Browser-safe.
 *
 * @module
 */
export {
  cellText,
  column,
  table,
  type CellValue,
  type ChartBar,
  type ColumnType,
  type ReportChart,
  type ReportColumn,
  type ReportDocument,
  type ReportName,
  type ReportTable,
  type SummaryItem,
} from './document.js';
export {
  sodConflictsReport,
  separationOfPrivilegesReport,
  type RoleSodDetailRow,
  type RoleSodRow,
  type SeparationOptions,
  type SeparationReport,
  type SeparationRow,
  type SodConflictRow,
  type SodConflictStatus,
  type SodConflictsOptions,
  type SodConflictsReport,
} from './sod.js';
export {
  licenseUsageDiff,
  licenseUsageReport,
  type EntryPointLicenseRow,
  type LicenseChangeRow,
  type LicenseReportBy,
  type LicenseRowOf,
  type LicenseTotalDiffRow,
  type LicenseTotalRow,
  type LicenseUsageDiffReport,
  type LicenseUsageOptions,
  type LicenseUsageReport,
  type ObjectLicenseRow,
  type UserLicenseRow,
} from './licenses.js';
export {
  dormantUsersReport,
  userAgingReport,
  type ActivityOptions,
  type AgingBucketRow,
  type DormantOptions,
  type DormantUsersReport,
  type UserActivityRow,
  type UserAgingReport,
} from './aging.js';
export {
  userSecurityAnalysis,
  MAX_ANALYSIS_PATHS,
  MAX_ANALYSIS_STEPS,
  type AnalysisOptions,
  type EffectiveEntryPointRow,
  type SecurityAnalysisReport,
  type SecurityPathRow,
  type SimilarUserRow,
} from './analysis.js';
export {
  sessionsReport,
  type SessionLogRow,
  type SessionRow,
  type SessionSignInRow,
  type SessionStatusRow,
  type SessionsReport,
  type SessionsReportOptions,
} from './sessions.js';
export {
  roleAssignmentTrail,
  roleAssignmentChangeSchema,
  type AssignmentTrailOptions,
  type AssignmentTrailReport,
  type RoleAssignmentChange,
} from './assignments.js';
export { csvField, markdownText, renderCsv, renderJson, renderMarkdown, type CsvOptions } from './render-text.js';
export { chartSvg, escapeHtml, renderHtml, type HtmlOptions } from './render-html.js';
export { renderReport, renderReportToString, reportFormats, type RenderOptions, type ReportFormat } from './render.js';
