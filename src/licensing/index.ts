/**
 * Licences: the catalogue's "covers" order and the roll-up of what each privilege, duty, role
 * and user needs, with base and attach licences.
 *
 * @module
 */
export { compileLicenses, requiredLicense, type LicenseIndex } from './compile.js';
export { licenseCovers, NO_LICENSE } from './catalogue.js';
export type {
  EntitlementStatus,
  LicenseDriver,
  LicenseEntitlement,
  LicenseObjectKind,
  LicenseObjectRef,
  LicenseRequirement,
  LicenseSummary,
  LicenseUsage,
} from './types.js';
