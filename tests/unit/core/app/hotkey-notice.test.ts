import { describe, expect, it } from 'vitest';
import { hotkeyNotice } from '../../../../electron/core/app/hotkey-notice';
import type { HotkeyProblem } from '../../../../electron/core/capture/hotkeys';

const refused: HotkeyProblem = {
  action: 'captureRegion',
  accelerator: 'Command+Shift+4',
  kind: 'refused',
  message:
    'Command+Shift+4 could not be registered for “Explain a region”: it is taken by macOS (screenshot of a selection). CommandOrControl+Shift+E is kept.',
  owner: 'mac-screenshot-selection',
  kept: 'CommandOrControl+Shift+E',
};

describe('the notification for a refused shortcut', () => {
  it('is main’s English sentence in English', () => {
    expect(hotkeyNotice(refused, 'en')).toEqual({
      title: 'Glimpse shortcut not available',
      body: refused.message,
    });
  });

  it('is French on a French desktop, owner and kept shortcut named', () => {
    expect(hotkeyNotice(refused, 'fr')).toEqual({
      title: 'Raccourci Glimpse indisponible',
      body:
        'Command+Shift+4 n’a pas pu être enregistré pour « Expliquer une zone » : il est pris par ' +
        'macOS (capture d’une sélection). CommandOrControl+Shift+E est conservé.',
    });
    const unknownOwner = hotkeyNotice({ ...refused, owner: undefined, kept: undefined }, 'fr').body;
    expect(unknownOwner).toContain('une autre application ou le bureau.');
    expect(unknownOwner).not.toContain('conservé');
    expect(
      hotkeyNotice({ ...refused, kind: 'duplicate', action: 'toggleWindow', takenBy: 'captureScreen' }, 'fr')
        .body,
    ).toBe('Command+Shift+4 est déjà le raccourci de « Expliquer tout l’écran ».');
  });
});
