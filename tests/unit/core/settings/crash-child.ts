/**
 * Run by crash.test.ts as a separate process, which the test kills with SIGKILL mid-write.
 *
 * `write <dir> <version>` opens settings.json and secrets.json as the app does in Node (openSettingsStore
 * with conf and `watch`, the key in a SealedSecrets vault) and then changes them for ever: change
 * n sets the active profile's model, base URL and prompt to values that name n, and its API key
 * (secrets.json) likewise. It carries on from the generation already on disk, so a round after a
 * kill starts from what the kill left.
 *
 * `readonly <dir> <version>` (run by settings.test.ts under a read-only mount) opens the same stores, tries
 * one change and prints what the user would be told, as one JSON line.
 *
 * Lines on stdout (synchronous for a pipe on Linux, so a line is out before the write it names):
 *   `ready <n>`      opened; the next change is generation n
 *   `secret <n>`     about to write secrets.json for generation n
 *   `settings <n>`   about to write settings.json for generation n
 *   `wrote <n>`      generation n is on disk (both files)
 */
import { UserFacingError } from '../../../../electron/core/ipc/dispatch';
import { SettingsService, type SecretVault } from '../../../../electron/core/settings/settings';
import { openSettingsStore, SealedSecrets } from '../../../../electron/core/settings/stores';
import { confStores } from '../../../../electron/core/storage/stores';
import { generation, keyOf, profileOf } from './crash-values';

// The version comes from the test (packageVersion(), as web mode passes it): the child may run
// bundled, away from package.json.
const [mode, dir, appVersion] = process.argv.slice(2);
if (!dir || !appVersion || (mode !== 'write' && mode !== 'readonly'))
  throw new Error('usage: crash-child.ts write|readonly DIR VERSION');

const problems: string[] = [];
let writing = -1;
// The app seals keys with safeStorage; Base64 stands in (what is sealed does not matter here).
const file = new SealedSecrets(confStores, dir, (problem) => problems.push(problem));
const vault: SecretVault = {
  get: (name) => {
    const sealed = file.get(name);
    return sealed === undefined ? undefined : Buffer.from(sealed, 'base64').toString('utf8');
  },
  set: (name, value) => {
    if (writing >= 0) console.log(`secret ${writing}`);
    file.set(name, value === null ? null : Buffer.from(value, 'utf8').toString('base64'));
  },
};
const storage = openSettingsStore({
  stores: confStores,
  dataDir: dir,
  appVersion,
  watch: true,
  vault,
});
const settings = new SettingsService(
  {
    ...storage,
    write: (value) => {
      if (writing >= 0) console.log(`settings ${writing}`);
      storage.write(value);
    },
  },
  vault,
  { onProblem: (message) => problems.push(message) },
);
problems.push(...settings.problems.map((p) => p.message));

if (mode === 'readonly') {
  let thrown: unknown;
  try {
    settings.update({ model: 'kept', apiKey: 'sk-kept' });
  } catch (error) {
    thrown = error;
  }
  console.log(
    JSON.stringify({
      thrown: thrown instanceof Error ? thrown.message : thrown === undefined ? null : 'not an Error',
      userFacing: thrown instanceof UserFacingError,
      model: settings.current.profiles[0]?.model,
      apiKey: settings.apiKey() ?? null,
      problems,
    }),
  );
  settings.close();
} else {
  if (problems.length > 0) {
    console.log(`problems ${JSON.stringify(problems)}`);
    process.exit(3);
  }
  const current = settings.current.profiles.find((p) => p.id === settings.current.activeProfileId)!;
  let n = generation(current.model) + 1;
  console.log(`ready ${n}`);
  for (;;) {
    writing = n;
    const { model, baseUrl, prompt } = profileOf(n);
    settings.update({ model, baseUrl, prompt, apiKey: keyOf(n) });
    if (problems.length > 0) {
      console.log(`problems ${JSON.stringify(problems)}`);
      process.exit(3);
    }
    console.log(`wrote ${n}`);
    n++;
    // As in the app, changes arrive as events: the watcher (and a signal) get their turn between.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
