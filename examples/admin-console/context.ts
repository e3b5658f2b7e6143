/**
 * What every screen of the console receives and returns.
 *
 * @module
 */
import { compileLicenses, type Governance, type LicenseIndex, type SecurityModel } from '../../src/index.js';
import type { ManualClock } from '../../src/testing/index.js';
import type { Fields } from './forms.js';
import type { Notice, SafeHtml } from './html.js';

/** The request as a screen sees it: the service, the clock, the signed-in administrator, the input. */
export interface PageContext {
  /** The governance service. */
  readonly gov: Governance;
  /** The console clock (the service's clock). */
  readonly clock: ManualClock;
  /** The signed-in administrator: the actor of every command. */
  readonly user: string;
  /** The CSRF token to put in forms. */
  readonly csrf: string;
  /** The request URL. */
  readonly url: URL;
  /** The captured parts of the route's path pattern, URL-decoded. */
  readonly params: readonly string[];
  /** The query string. */
  readonly query: Fields;
  /** The form body (POST), or no fields. */
  readonly form: Fields;
  /** The licence index of a model, compiled once per model. */
  licenses(model?: SecurityModel): LicenseIndex;
  /** The console clock's current instant (ISO). */
  now(): string;
}

/** What a screen answers. */
export type Reply =
  | { readonly type: 'page'; readonly title: string; readonly body: SafeHtml; readonly status?: number; readonly notice?: Notice }
  | { readonly type: 'redirect'; readonly to: string; readonly notice?: Notice }
  | { readonly type: 'file'; readonly name: string; readonly contentType: string; readonly body: Iterable<string> };

/** One route: a method, a path pattern (its groups become `params`) and the screen. */
export interface Route {
  /** GET screens read; POST screens change state (and need a signed-in administrator and the CSRF token). */
  readonly method: 'GET' | 'POST';
  /** The whole path must match. */
  readonly pattern: RegExp;
  /** The screen. */
  readonly handle: (ctx: PageContext) => Reply | Promise<Reply>;
}

/** A page reply. */
export function page(title: string, body: SafeHtml, extra: { status?: number; notice?: Notice } = {}): Reply {
  return { type: 'page', title, body, ...extra };
}

/** A redirect (303 See Other) with an optional notice for the next page. */
export function redirect(to: string, notice?: Notice): Reply {
  return notice ? { type: 'redirect', to, notice } : { type: 'redirect', to };
}

/** A licence index cache keyed by model identity (models are immutable values). */
export function licenseCache(): (model: SecurityModel) => LicenseIndex {
  const cache = new WeakMap<SecurityModel, LicenseIndex>();
  return (model) => {
    let index = cache.get(model);
    if (!index) cache.set(model, (index = compileLicenses(model)));
    return index;
  };
}
