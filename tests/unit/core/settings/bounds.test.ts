/**
 * Everything the renderer can send into settings is bounded (security review, finding 6): a
 * huge or absurdly deep value is refused with a readable message, and settings keep working.
 */
import { describe, expect, it } from 'vitest';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';
import { jsonWithin, settingsPatchSchema } from '../../../../shared/settings-schema';

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) value = { type: 'object', properties: { x: value } };
  return value;
}

describe('bounded settings input', () => {
  it('measures depth and size without recursion', () => {
    expect(jsonWithin(deep(3), 32, 65536)).toBe(true);
    expect(jsonWithin(deep(5000), 32, 65536)).toBe(false);
    expect(jsonWithin({ blob: 'x'.repeat(70_000) }, 32, 65536)).toBe(false);
  });

  it('refuses a tool schema thousands of levels deep, and settings still answer afterwards', () => {
    const settings = new SettingsService(memoryStorage(), memoryVault());
    const profile = {
      ...settings.current.profiles[0]!,
      parameters: { tools: [{ type: 'function', function: { name: 'f', parameters: deep(3000) } }] },
    };
    expect(() => settings.saveProfile({ profile }, () => 'new')).toThrow(/32 levels deep and 64 KB/);
    expect(settings.toPublic().settings.profiles[0]!.parameters.tools).toBeUndefined();
  });

  it('refuses oversized strings and records in a settings patch', () => {
    expect(settingsPatchSchema.safeParse({ hotkeys: { captureRegion: 'A'.repeat(1_000_000) } }).success).toBe(
      false,
    );
    const categories = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`c${i}`, true]));
    expect(settingsPatchSchema.safeParse({ privacy: { categories } }).success).toBe(false);
    expect(
      settingsPatchSchema.safeParse({ hotkeys: { captureRegion: 'CommandOrControl+Shift+E' } }).success,
    ).toBe(true);
  });
});
