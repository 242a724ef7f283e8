/**
 * The privacy shield's categories, in display order. Kept apart from the zod schemas so the
 * renderer can import them without bundling zod (whose JIT probe is refused by the CSP).
 */
export const PRIVACY_CATEGORIES = [
  'keys',
  'passwords',
  'emails',
  'phones',
  'cards',
  'ibans',
  'entropy',
] as const;

export type PrivacyCategory = (typeof PRIVACY_CATEGORIES)[number];
