/**
 * The answers of the licence roll-up.
 *
 * @module
 */

/** The kinds of object the licence roll-up answers for, and the kinds of their children. */
export type LicenseObjectKind = 'entryPoint' | 'privilege' | 'duty' | 'role' | 'user';

/** A reference to one object, with its id in the author's spelling. */
export interface LicenseObjectRef {
  /** The kind of object. */
  readonly kind: LicenseObjectKind;
  /** The object's id as the author spelled it (for an entry point, its `kind:name[/child]` id). */
  readonly id: string;
}

/**
 * How a child object stands against its parent's licences:
 * - `entitled`: the parent's base licence covers everything the child needs;
 * - `not-entitled`: the child needs something the base does not cover, so an attach licence;
 * - `not-required`: the child needs no licence;
 * - `exempt`: the child's needs do not count here (the administrator role, or any role of a
 *   disabled user).
 */
export type EntitlementStatus = 'entitled' | 'not-entitled' | 'not-required' | 'exempt';

/** One child of an object (grant's entry point, privilege, duty, sub-role, role) and its licence standing. */
export interface LicenseEntitlement extends LicenseObjectRef {
  /**
   * What the child itself needs: its smallest covering set of licences, in catalogue order
   * (for an entry point: the one licence its grant needs). Empty when it needs none.
   */
  readonly required: readonly string[];
  /** The child's standing against the parent's base licence. */
  readonly status: EntitlementStatus;
  /**
   * For `not-entitled` children: the parent's attach licences that cover what the base does not.
   * Empty otherwise.
   */
  readonly attach: readonly string[];
}

/** The children that make an object need one licence. */
export interface LicenseDriver {
  /** A licence of the object's requirement. */
  readonly license: string;
  /** The (non-exempt) children whose own requirement contains exactly this licence, in model order. */
  readonly objects: readonly LicenseObjectRef[];
}

/** The licences one privilege, duty, role or user needs, and why. */
export interface LicenseRequirement {
  /** The object asked about. */
  readonly object: LicenseObjectRef;
  /**
   * The smallest set of licences covering everything beneath the object (the maximal required
   * licences under "covers"), in catalogue order. Empty when it needs no licence.
   */
  readonly licenses: readonly string[];
  /** The licence of {@link licenses} entitling most children; null when no licence is needed. */
  readonly base: string | null;
  /** The other licences of {@link licenses}, in catalogue order. */
  readonly attach: readonly string[];
  /**
   * True for the administrator role (its requirement is shown but does not count toward the roles
   * and users holding it) and for disabled users (who need no licence).
   */
  readonly exempt: boolean;
  /** For each licence of {@link licenses}, in the same order, the children that drive it. */
  readonly drivers: readonly LicenseDriver[];
  /**
   * Every child, in model order: grants' entry points of a privilege; privileges of a duty;
   * duties, then direct privileges, then sub-roles of a role; assigned roles of a user.
   */
  readonly entitlement: readonly LicenseEntitlement[];
}

/** How many users need one licence. */
export interface LicenseUsage {
  /** The licence id, as the catalogue spells it. */
  readonly license: string;
  /** The licence's display name. */
  readonly name: string;
  /** Users needing it as their base licence. */
  readonly base: number;
  /** Users needing it as an attach licence. */
  readonly attach: number;
}

/** Licence counts over all users. `users = licensedUsers + unlicensedUsers + disabledUsers`. */
export interface LicenseSummary {
  /** Every licence of the catalogue except "no licence" ones, in catalogue order. */
  readonly licenses: readonly LicenseUsage[];
  /** All users. */
  readonly users: number;
  /** Enabled users needing at least one licence (one base licence each). */
  readonly licensedUsers: number;
  /** Enabled users needing no licence. */
  readonly unlicensedUsers: number;
  /** Disabled users (they need no licence). */
  readonly disabledUsers: number;
  /** Attach licences needed over all users. */
  readonly attachLicenses: number;
}
