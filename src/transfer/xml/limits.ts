/**
 * Limits applied to every XML document before any work scales with its size.
 *
 * @module
 */
import { z } from 'zod';

/**
 * Limits on an XML document. Each is checked while the document is scanned, before parsing, so
 * hostile input is refused after work proportional to the limit, never to the input.
 */
export interface XmlLimits {
  /** Most bytes (UTF-8) of a document; a string is measured by its length. Default 128 MiB. */
  readonly maxBytes: number;
  /** Deepest element nesting. Default 64. */
  readonly maxDepth: number;
  /** Most attributes on one element. Default 256. */
  readonly maxAttributes: number;
  /** Longest text node, CDATA section, comment or attribute value, in characters. Default 1 MiB. */
  readonly maxTextLength: number;
  /** Most elements in one document. Default 20 million. */
  readonly maxElements: number;
}

/** The default {@link XmlLimits}. */
export const defaultXmlLimits: XmlLimits = {
  maxBytes: 128 * 1024 * 1024,
  maxDepth: 64,
  maxAttributes: 256,
  maxTextLength: 1024 * 1024,
  maxElements: 20_000_000,
};

const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Schema of a partial set of limits, as callers pass them. */
export const xmlLimitsSchema = z.strictObject({
  maxBytes: positive.optional(),
  maxDepth: positive.max(10_000).optional(),
  maxAttributes: positive.optional(),
  maxTextLength: positive.optional(),
  maxElements: positive.optional(),
});

/** The limits to use: the defaults overridden by `limits`. */
export function resolveLimits(limits: { readonly [K in keyof XmlLimits]?: number | undefined } | undefined): XmlLimits {
  if (!limits) return defaultXmlLimits;
  const out: Record<string, number> = { ...defaultXmlLimits };
  for (const [k, v] of Object.entries(limits)) if (v !== undefined) out[k] = v as number;
  return out as unknown as XmlLimits;
}
