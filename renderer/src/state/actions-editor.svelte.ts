/**
 * Settings → Actions (issue 17): the list as stored, the action being edited (a draft, saved with
 * its card's Save), and the list operations, which save at once (add, duplicate, remove, move,
 * a new shortcut, reset, import). Every change sends the whole list (`settings:update
 * {actions}`); main validates it with the settings and answers the settings as stored.
 */
import type { ActionImportNote, PublicSettings } from '../../../shared/ipc-contract';
import type { Action } from '../../../shared/settings-schema';
import { shownActionName } from '../../../shared/actions';
import { MAX_IMPORT_BYTES } from '../../../shared/history-rules';
import { api, isWebMode } from '../lib/api';
import { follow } from '../lib/follow';
import {
  actionOf,
  draftOf,
  draftProblems,
  duplicateOf,
  moved,
  newAction,
  type ActionDraft,
  type DraftProblem,
} from '../lib/actions-editor';
import { formatBytes, plural, t } from '../lib/i18n';
import { locale } from '../lib/i18n/locale.svelte';
import { errorText, wordMessage } from '../lib/messages';
import {
  fieldsFromParameters,
  parametersFromFields,
  type FieldErrors,
  type ParameterFields,
} from '../lib/profile-form';
import { formatShortcut, pagePlatform } from '../lib/shortcut-keys';

export interface Outcome {
  ok: boolean;
  text: string;
}

export class ActionsEditor {
  settings = $state.raw<PublicSettings | null>(null);
  selectedId = $state<string | null>(null);
  draft = $state<ActionDraft | null>(null);
  fields = $state<ParameterFields>(fieldsFromParameters({}));
  errors = $state<FieldErrors>({});
  problems = $state<DraftProblem[]>([]);
  /** The last change's quiet result ("Saved.", or why not). */
  outcome = $state.raw<Outcome | null>(null);
  /** What an import said about single actions (a missing profile, a taken shortcut). */
  notes = $state.raw<string[]>([]);
  busy = $state(false);
  /** The action just removed and where it was, for Undo (cleared by the next change). */
  removed = $state.raw<{ action: Action; index: number } | null>(null);
  /** The draft as last loaded, to tell unsaved edits apart. */
  #base = '';

  readonly actions = $derived<Action[]>(this.settings?.settings.actions ?? []);
  readonly selected = $derived(this.actions.find((a) => a.id === this.selectedId) ?? null);
  readonly dirty = $derived(this.draft !== null && this.#snapshot() !== this.#base);

  connect(): () => void {
    return follow(
      () => api().settings.get(),
      api().settings.onChanged,
      (s) => this.show(s),
      (error) => (this.outcome = { ok: false, text: errorText(error) }),
    );
  }

  name(action: { id: string; name: string }): string {
    return shownActionName(action, locale.current);
  }

  /** Shows the stored settings; unsaved edits of the action being edited are kept. */
  show(settings: PublicSettings, select?: string): void {
    const keep = this.dirty && !select;
    this.settings = settings;
    const actions = settings.settings?.actions ?? [];
    const id = select ?? this.selectedId;
    const action = actions.find((a) => a.id === id) ?? actions[0] ?? null;
    if (keep && action?.id === this.selectedId) return;
    this.selectedId = action?.id ?? null;
    this.#load(action);
  }

  select(id: string): void {
    this.outcome = null;
    this.removed = null;
    this.notes = [];
    const action = this.actions.find((a) => a.id === id) ?? null;
    this.selectedId = action?.id ?? null;
    this.#load(action);
  }

  #load(action: Action | null): void {
    this.draft = action ? { ...draftOf(action), name: this.name(action) } : null;
    this.fields = fieldsFromParameters(action?.parameters ?? {});
    this.errors = {};
    this.problems = [];
    this.#base = this.#snapshot();
  }

  #snapshot(): string {
    return JSON.stringify([this.draft, this.fields]);
  }

  /** Saves a new list; `select` picks the action shown after. */
  async saveList(list: Action[], done?: string, select?: string): Promise<boolean> {
    this.busy = true;
    this.removed = null;
    try {
      const settings = await api().settings.update({ actions: list });
      this.show(settings, select);
      this.outcome = { ok: true, text: done ?? t('settings.saved') };
      return true;
    } catch (error) {
      this.outcome = { ok: false, text: t('actions.saveFailed', { message: errorText(error) }) };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** The list with the draft in place of its action, or null (and the problems shown) if invalid. */
  #withDraft(): Action[] | null {
    if (!this.draft) return [...this.actions];
    this.problems = draftProblems(this.draft);
    const parameters = parametersFromFields(this.fields);
    this.errors = parameters.ok ? {} : parameters.errors;
    if (this.problems.length > 0 || !parameters.ok) {
      this.outcome = { ok: false, text: t('settings.invalid') };
      return null;
    }
    const edited = actionOf(this.draft, parameters.value);
    // A default action's name shown translated is stored back as its English default.
    const stored = this.actions.find((a) => a.id === edited.id);
    if (stored && edited.name === this.name(stored)) edited.name = stored.name;
    return this.actions.map((a) => (a.id === edited.id ? edited : a));
  }

  saveDraft(): Promise<boolean> {
    const list = this.#withDraft();
    if (!list) return Promise.resolve(false);
    return this.saveList(list, undefined, this.selectedId ?? undefined);
  }

  add(): Promise<boolean> {
    const action = newAction(
      t('actions.newName'),
      this.actions.map((a) => a.id),
    );
    // A new action starts with a question to write in the page's language.
    action.question = { [locale.current]: t('preset.explainPrompt') };
    return this.saveList([...this.actions, action], undefined, action.id);
  }

  duplicate(id: string): Promise<boolean> {
    const index = this.actions.findIndex((a) => a.id === id);
    const action = this.actions[index];
    if (!action) return Promise.resolve(false);
    const copy = duplicateOf(
      action,
      t('actions.copyName', { name: this.name(action) }),
      this.actions.map((a) => a.id),
    );
    const list = [...this.actions];
    list.splice(index + 1, 0, copy);
    return this.saveList(list, undefined, copy.id);
  }

  async remove(id: string): Promise<boolean> {
    const index = this.actions.findIndex((a) => a.id === id);
    const action = this.actions[index];
    if (!action) return false;
    const list = this.actions.filter((a) => a.id !== id);
    const next = list[Math.min(index, list.length - 1)];
    const ok = await this.saveList(list, t('actions.removed', { name: this.name(action) }), next?.id);
    if (ok) this.removed = { action, index };
    return ok;
  }

  /** Puts the action just removed back where it was (its shortcut too, if still free). */
  undoRemove(): Promise<boolean> {
    const removed = this.removed;
    if (!removed) return Promise.resolve(false);
    const list = [...this.actions];
    const key = removed.action.hotkey.toLowerCase();
    const taken =
      key !== '' &&
      (list.some((a) => a.hotkey.toLowerCase() === key) ||
        Object.values<string>(this.settings?.settings.hotkeys ?? {}).some((k) => k.toLowerCase() === key));
    list.splice(
      Math.min(removed.index, list.length),
      0,
      taken ? { ...removed.action, hotkey: '' } : removed.action,
    );
    return this.saveList(list, t('actions.restored', { name: this.name(removed.action) }), removed.action.id);
  }

  move(id: string, delta: -1 | 1): Promise<boolean> {
    const index = this.actions.findIndex((a) => a.id === id);
    const list = moved(this.actions, index, delta);
    if (!list) return Promise.resolve(false);
    const action = this.actions[index]!;
    return this.saveList(
      list,
      t('actions.moved', { name: this.name(action), position: index + delta + 1 }),
      this.selectedId ?? undefined,
    );
  }

  /**
   * A new shortcut for one action ('' removes it), saved at once as in Shortcuts. One taken by a
   * built-in shortcut or another action is refused here, naming who has it.
   */
  setHotkey(id: string, accelerator: string): Promise<boolean> {
    const settings = this.settings?.settings;
    if (!settings) return Promise.resolve(false);
    if (accelerator !== '') {
      const key = accelerator.toLowerCase();
      const builtIn = Object.entries<string>(settings.hotkeys).find(([, keys]) => keys.toLowerCase() === key);
      const other = this.actions.find((a) => a.id !== id && a.hotkey.toLowerCase() === key);
      if (builtIn || other) {
        const LABELS: Record<string, Parameters<typeof t>[0]> = {
          captureRegion: 'settings.hotkeyCaptureRegion',
          captureScreen: 'settings.hotkeyCaptureScreen',
          toggleWindow: 'settings.hotkeyToggleWindow',
        };
        const owner = builtIn ? t(LABELS[builtIn[0]] ?? 'settings.hotkeys') : this.name(other!);
        this.outcome = {
          ok: false,
          text: t('actions.shortcutTaken', { keys: this.keys(accelerator), action: owner }),
        };
        return Promise.resolve(false);
      }
    }
    if (this.draft?.id === id) this.draft.hotkey = accelerator;
    const base = this.#base;
    const list = this.actions.map((a) => (a.id === id ? { ...a, hotkey: accelerator } : a));
    // The rest of the draft stays as typed (saved with its card).
    const wasDirty = this.dirty;
    return this.saveList(list).then((ok) => {
      if (ok && !wasDirty) this.#base = this.#snapshot();
      else if (!ok) this.#base = base;
      return ok;
    });
  }

  keys(accelerator: string): string {
    return formatShortcut(accelerator, pagePlatform(), {
      shift: t('keys.shift'),
      space: t('keys.space'),
      enter: t('keys.enter'),
      escape: t('keys.escape'),
      backspace: t('keys.backspace'),
      delete: t('keys.delete'),
      tab: t('keys.tab'),
    });
  }

  async reset(): Promise<void> {
    this.busy = true;
    this.notes = [];
    try {
      const settings = await api().actions.reset();
      this.show(settings, settings.settings.actions[0]?.id);
      this.outcome = { ok: true, text: t('actions.resetDone') };
    } catch (error) {
      this.outcome = { ok: false, text: errorText(error) };
    } finally {
      this.busy = false;
    }
  }

  /**
   * The app: main's save dialog writes the file and names it. Web mode: the page gets the JSON
   * and offers it as a download (main's file would land in the server's data folder).
   */
  async export(): Promise<void> {
    this.notes = [];
    const count = this.actions.length;
    try {
      if (isWebMode()) {
        const { text } = await api().actions.export({ to: 'text' });
        const name = 'glimpse-actions.json';
        const url = URL.createObjectURL(new Blob([text ?? ''], { type: 'application/json' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = name;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        this.outcome = {
          ok: true,
          text: t(count === 1 ? 'actions.exportedOne' : 'actions.exported', { count, file: `“${name}”` }),
        };
        return;
      }
      const { path } = await api().actions.export({ to: 'file' });
      if (!path) return; // the dialog was cancelled
      this.outcome = {
        ok: true,
        text: t(count === 1 ? 'actions.exportedOne' : 'actions.exported', { count, file: path }),
      };
    } catch (error) {
      this.outcome = { ok: false, text: errorText(error) };
    }
  }

  /** The app: main's open dialog picks and reads the file. */
  pick(): Promise<void> {
    return this.#import(() => api().actions.import({ pick: true }));
  }

  /** Web mode's file input: the bytes are sent, size-checked first. */
  async send(file: File): Promise<void> {
    if (file.size === 0 || file.size > MAX_IMPORT_BYTES) {
      this.outcome = {
        ok: false,
        text: t('actions.importFailed', {
          message:
            file.size === 0
              ? t('history.importEmpty', { file: `“${file.name}”` })
              : t('history.importTooLarge', {
                  file: `“${file.name}”`,
                  size: formatBytes(file.size),
                  max: formatBytes(MAX_IMPORT_BYTES),
                }),
        }),
      };
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    await this.#import(() => api().actions.import({ bytes, name: file.name }));
  }

  async #import(run: () => ReturnType<ReturnType<typeof api>['actions']['import']>): Promise<void> {
    this.busy = true;
    this.notes = [];
    this.outcome = null;
    try {
      const before = this.actions.map((a) => a.id);
      const result = await run();
      if (!result.picked) return;
      const first = result.settings.settings.actions.find((a) => !before.includes(a.id));
      this.show(result.settings, first?.id);
      this.outcome = {
        ok: true,
        text: plural('actions.importedOne', 'actions.imported', result.imported),
      };
      this.notes = result.notes.map((note) => this.#note(note));
    } catch (error) {
      if ((error as { kind?: unknown }).kind !== 'cancelled')
        this.outcome = { ok: false, text: t('actions.importFailed', { message: errorText(error) }) };
    } finally {
      this.busy = false;
    }
  }

  /** An import note in the page's language (a code not known here: worded from the core catalog). */
  #note(note: ActionImportNote): string {
    const action = note.actionName;
    switch (note.code) {
      case 'action.import.profileMissing':
        return t('actions.importNoteProfile', { action, profile: note.fields.profile ?? '' });
      case 'action.import.hotkeyTaken':
        return t('actions.importNoteShortcut', { action, keys: this.keys(note.fields.hotkey ?? '') });
      case 'action.import.renamedId':
        return t('actions.importNoteRenamed', { action });
      default:
        return wordMessage(note);
    }
  }
}
