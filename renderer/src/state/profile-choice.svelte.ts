/**
 * Which profile and model an Ask will use, and switching it in one click (the panel's chip).
 * Follows settings changes made in any window.
 */
import type { PublicSettings } from '../../../shared/settings-schema';
import { api } from '../lib/api';
import { follow } from '../lib/follow';
import { errorText } from '../lib/messages';

export interface ProfileOption {
  id: string;
  name: string;
  model: string;
}

export class ProfileChoice {
  profiles = $state.raw<ProfileOption[]>([]);
  activeId = $state('');
  error = $state<string | null>(null);
  active = $derived(this.profiles.find((profile) => profile.id === this.activeId) ?? null);

  #apply(settings: PublicSettings): void {
    this.profiles = settings.settings.profiles.map(({ id, name, model }) => ({ id, name, model }));
    this.activeId = settings.settings.activeProfileId;
  }

  /** Loads the profiles and follows their changes; returns the clean-up. */
  connect(): () => void {
    return follow(
      () => api().settings.get(),
      api().settings.onChanged,
      (settings) => this.#apply(settings),
    );
  }

  async choose(id: string): Promise<void> {
    if (id === this.activeId) return;
    const before = this.activeId;
    this.activeId = id;
    try {
      this.#apply(await api().settings.update({ activeProfileId: id }));
      this.error = null;
    } catch (error) {
      this.activeId = before;
      this.error = errorText(error);
    }
  }
}
