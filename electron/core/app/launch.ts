/**
 * What a launch of the Glimpse binary asks for. The packaged app is also the `glimpse` command:
 * `glimpse ask …` runs the CLI in the app's own main process (plain Node APIs, no window — the
 * RunAsNode fuse is off, so this is how the CLI ships), `glimpse --capture` asks the running
 * instance to capture (desktop shortcuts on Wayland), `glimpse --smoke-test` starts, checks and
 * quits (the release workflow's launch of what it built: smoke.ts), anything else starts or shows
 * the app.
 */
import { SMOKE_TEST_FLAG } from './smoke';

export type LaunchMode =
  { kind: 'ask'; args: string[] } | { kind: 'smoke' } | { kind: 'app'; capture: boolean };

/**
 * `argv` is process.argv. `defaultApp` is process.defaultApp: true when started as
 * `electron .` in development, where the app path takes argv[1].
 */
export function launchMode(argv: readonly string[], defaultApp: boolean): LaunchMode {
  const args = argv.slice(defaultApp ? 2 : 1);
  // Chromium may put its own switches first (e.g. --no-sandbox); the command is the first word
  // (not the name `--action` takes: `glimpse --action ask` runs an action named "ask").
  const first = args.findIndex((arg, i) => !arg.startsWith('-') && args[i - 1] !== ACTION_FLAG);
  if (first >= 0 && args[first] === 'ask') {
    return {
      kind: 'ask',
      args: [...args.slice(0, first), ...args.slice(first + 1)].filter((a) => !CHROMIUM_SWITCH.test(a)),
    };
  }
  // A smoke test never joins or forwards to a running Glimpse: it checks this binary.
  if (args.includes(SMOKE_TEST_FLAG)) return { kind: 'smoke' };
  return { kind: 'app', capture: args.includes('--capture') };
}

/** Switches Electron or a launcher may add that the CLI must not see as its own options. */
const CHROMIUM_SWITCH =
  /^--(no-sandbox|disable-gpu|enable-features=|disable-features=|ozone-platform|allow-file-access)/;

export const ACTION_FLAG = '--action';

/**
 * The action `glimpse --action NAME` (or `--action=NAME`) names, or undefined. A running Glimpse
 * gets the second launch's argv in 'second-instance', where Electron warns the order may change
 * and Chromium adds switches (docs/api/app.md): the name is the first word after the flag that is
 * not a switch, wherever it ends up. `--action=NAME` keeps the two together.
 */
export function actionFromArgv(argv: readonly string[]): string | undefined {
  const joined = argv.find((arg) => arg.startsWith(`${ACTION_FLAG}=`));
  if (joined !== undefined) return joined.slice(ACTION_FLAG.length + 1).trim() || undefined;
  const flag = argv.indexOf(ACTION_FLAG);
  if (flag < 0) return undefined;
  return (
    argv
      .slice(flag + 1)
      .find((arg) => !arg.startsWith('-'))
      ?.trim() || undefined
  );
}
