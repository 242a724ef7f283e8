/**
 * Diagnostics, the Electron side: the app's log file (in the user-data folder, so
 * GLIMPSE_DATA_DIR keeps it with everything else) and "copy diagnostics" to the clipboard.
 * Formatting and redaction live in electron/core/diagnostics.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, clipboard, screen } from 'electron';
import { DiagnosticLog, diagnosticsText } from '../core/diagnostics/index';

let secretSource: () => readonly string[] = () => [];
let log: DiagnosticLog | undefined;

/** Tells the log which secrets to remove (API keys, header values), once settings are loaded. */
export function setSecretSource(source: () => readonly string[]): void {
  secretSource = source;
}

/** The app's log, created on first use (after userData is final). */
export function appLog(): DiagnosticLog {
  log ??= new DiagnosticLog({
    dir: join(app.getPath('userData'), 'logs'),
    secrets: () => secretSource(),
    echo: (line) => console.log(`[glimpse] ${line}`),
  });
  return log;
}

/** Builds the report and puts it on the clipboard; returns it too. */
export async function copyDiagnostics(settings: unknown): Promise<string> {
  const text = diagnosticsReport(settings);
  await clipboard.writeText(text);
  return text;
}

/** The redacted report (for `diagnostics:copy`, which writes it through the handler's clipboard). */
export function diagnosticsReport(settings: unknown): string {
  return diagnosticsText({
    app: { name: app.getName(), version: app.getVersion(), packaged: app.isPackaged },
    versions: process.versions,
    platform: {
      os: process.platform,
      release: process.getSystemVersion(),
      arch: process.arch,
      locale: app.getLocale(),
      ...(process.env.XDG_SESSION_TYPE ? { sessionType: process.env.XDG_SESSION_TYPE } : {}),
      ...(process.env.XDG_CURRENT_DESKTOP ? { desktop: process.env.XDG_CURRENT_DESKTOP } : {}),
    },
    displays: screen.getAllDisplays().map((d) => ({
      id: d.id,
      bounds: d.bounds,
      scaleFactor: d.scaleFactor,
      rotation: d.rotation,
      primary: d.id === screen.getPrimaryDisplay().id,
      internal: d.internal,
    })),
    settings,
    secrets: secretSource(),
    lastErrors: appLog().lastErrors(),
    logFile: appLog().path,
    home: homedir(),
    now: new Date(),
  });
}
