/**
 * The settings page's sections and their routes: `#/settings/<section>`, so another page (the
 * history's "Settings" link, an error's "Check the setup") can open the right one.
 */
export const SETTINGS_SECTIONS = [
  'profiles',
  'actions',
  'shortcuts',
  'privacy',
  'appearance',
  'background',
  'about',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** The section a location hash names; Profiles for `#/settings` or anything unknown. */
export function settingsSection(hash: string): SettingsSection {
  const name = /^#?\/?settings\/([a-z-]+)/.exec(hash)?.[1];
  return (SETTINGS_SECTIONS as readonly string[]).includes(name ?? '')
    ? (name as SettingsSection)
    : 'profiles';
}

/** Whether a route (the hash without `#/`) is the settings page, whatever its section. */
export function isSettingsRoute(route: string): boolean {
  return route === 'settings' || route.startsWith('settings/');
}
