/** The privacy shield's settings for the tests: on, every category, a long wait. */
import { PRIVACY_CATEGORIES } from '../../../../../shared/privacy-categories';
import type { PrivacySettings } from '../../../../../shared/settings-schema';

export function shieldOn(patch: Partial<PrivacySettings> = {}): PrivacySettings {
  return {
    enabled: true,
    categories: Object.fromEntries(PRIVACY_CATEGORIES.map((c) => [c, true])) as PrivacySettings['categories'],
    waitMs: 10_000,
    ...patch,
  };
}
