/**
 * "Copy diagnostics": a plain-text report a user can paste into a bug report. It says what runs
 * where (versions, platform, displays), how it is configured (settings, secrets redacted) and
 * what went wrong lately. The whole text is scrubbed once more at the end, so a secret that
 * slipped into any field (an error message, a URL) still does not leave.
 */
import type { LogEntry } from './log';
import { redactText, redactTree } from './redact';

export interface DisplayInfo {
  id: number | string;
  bounds: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
  rotation?: number;
  primary?: boolean;
  internal?: boolean;
}

export interface DiagnosticsInput {
  app: { name: string; version: string; packaged: boolean };
  /** e.g. process.versions: electron, chrome, node, v8. */
  versions: Readonly<Record<string, string | undefined>>;
  platform: {
    os: string;
    release: string;
    arch: string;
    locale?: string;
    /** XDG_SESSION_TYPE and XDG_CURRENT_DESKTOP on Linux: Wayland questions start here. */
    sessionType?: string;
    desktop?: string;
  };
  displays: readonly DisplayInfo[];
  settings: unknown;
  /** Every secret the app knows (API keys, header values): removed wherever they appear. */
  secrets: readonly string[];
  lastErrors: readonly LogEntry[];
  logFile?: string;
  /** The user's home folder, shown as ~ (paths name the user). */
  home?: string;
  now: Date;
}

const VERSION_KEYS = ['electron', 'chrome', 'node', 'v8'];

function displayLine(display: DisplayInfo): string {
  const { x, y, width, height } = display.bounds;
  const physical = `${Math.round(width * display.scaleFactor)}×${Math.round(height * display.scaleFactor)} px`;
  const flags = [
    display.primary ? 'primary' : '',
    display.internal ? 'built-in' : '',
    display.rotation ? `rotated ${display.rotation}°` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `- ${display.id}: ${width}×${height} at (${x}, ${y}), scale ${display.scaleFactor} (${physical})${flags ? `, ${flags}` : ''}`;
}

export function diagnosticsText(input: DiagnosticsInput): string {
  const { app, platform } = input;
  const versions = VERSION_KEYS.filter((k) => input.versions[k]).map((k) => `${k} ${input.versions[k]}`);
  const lines = [
    `# ${app.name} diagnostics`,
    '',
    `Generated: ${input.now.toISOString()}`,
    `App: ${app.name} ${app.version}${app.packaged ? '' : ' (development build)'}`,
    `Runtime: ${versions.join(', ') || 'unknown'}`,
    `Platform: ${platform.os} ${platform.release} (${platform.arch})${platform.locale ? `, locale ${platform.locale}` : ''}`,
  ];
  if (platform.sessionType || platform.desktop)
    lines.push(
      `Session: ${platform.sessionType ?? 'unknown'}${platform.desktop ? ` on ${platform.desktop}` : ''}`,
    );
  lines.push('', `## Displays (${input.displays.length})`, '');
  lines.push(...(input.displays.length ? input.displays.map(displayLine) : ['- none reported']));
  lines.push('', '## Settings (keys and header values redacted)', '', '```json');
  lines.push(JSON.stringify(redactTree(input.settings, input.secrets), null, 2) ?? 'null', '```');
  lines.push('', `## Last errors (${input.lastErrors.length})`, '');
  lines.push(
    ...(input.lastErrors.length
      ? input.lastErrors.map((e) => `- ${e.time} ${e.level}: ${e.message}`)
      : ['- none since start']),
  );
  if (input.logFile) lines.push('', `Log file: ${input.logFile}`);
  let text = `${lines.join('\n')}\n`;
  if (input.home && input.home.length > 1) text = text.split(input.home).join('~');
  return redactText(text, input.secrets);
}
