/**
 * `Glimpse --smoke-test`: the release workflow starts each packaged app once with this flag
 * (.github/workflows/release.yml, build/smoke-launch.mjs). The app starts as a user's would —
 * from app.asar, with its fuses — opens the pre-warmed answer window, loads sharp's native
 * module, prints exactly one line and exits: 0 with the ready line, 1 with the reason. A missing
 * native binary, a fuse or an asar integrity check that kills the app, a main bundle that throws:
 * each one fails the release instead of reaching users.
 */

export const SMOKE_TEST_FLAG = '--smoke-test';

/** The one line a passing smoke test prints (build/smoke-launch.mjs looks for it). */
export const SMOKE_READY_PATTERN =
  /^glimpse smoke: ready \(electron [^,()]+, sharp [^,()]+, asar (yes|no)\)$/m;

export interface SmokeProbe {
  electronVersion: string;
  /** app.isPackaged: then the app must run from app.asar. */
  packaged: boolean;
  /** The folder of the running main bundle (import.meta.dirname). */
  mainDir: string;
  /** Resolves when the answer window's page has loaded; rejects with why it did not. */
  answerWindowLoaded: () => Promise<void>;
  /** Loads sharp as image processing does (core/image/sharp-loader.ts). */
  loadSharp: () => Promise<{ versions: { sharp?: string } }>;
}

export interface SmokeResult {
  line: string;
  exitCode: number;
}

/** True when `dir` is inside an app.asar archive. */
export function insideAsar(dir: string): boolean {
  return /[\\/]app\.asar([\\/]|$)/.test(dir);
}

export function smokeFailure(reason: string): SmokeResult {
  return { line: `glimpse smoke: failed: ${reason.split('\n')[0]!.trim()}`, exitCode: 1 };
}

/** Runs the checks in order; the first that fails is the reason. */
export async function runSmokeTest(probe: SmokeProbe): Promise<SmokeResult> {
  const asar = insideAsar(probe.mainDir);
  if (probe.packaged && !asar)
    return smokeFailure(`the packaged app did not load from app.asar (${probe.mainDir})`);
  try {
    await probe.answerWindowLoaded();
  } catch (error) {
    return smokeFailure(`the answer window did not load: ${messageOf(error)}`);
  }
  let sharpVersion: string;
  try {
    sharpVersion = (await probe.loadSharp()).versions.sharp ?? 'unknown';
  } catch (error) {
    return smokeFailure(messageOf(error));
  }
  return {
    line: `glimpse smoke: ready (electron ${probe.electronVersion}, sharp ${sharpVersion}, asar ${asar ? 'yes' : 'no'})`,
    exitCode: 0,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
