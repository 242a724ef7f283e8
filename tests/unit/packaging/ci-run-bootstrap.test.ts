/**
 * .ci/run on a fresh Debian machine (root, no standard input, `set -euo pipefail`): its apt step
 * must also bring Node and npm when there are none, or the Node bootstrap that follows dies with
 * "npm: command not found". The apt step is run here with stand-ins for apt-get and dpkg on a
 * PATH that holds nothing else.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = readFileSync(join(import.meta.dirname, '../../../.ci/run'), 'utf8');
/** From `export DEBIAN_FRONTEND` to the end of the apt block. */
const aptStep = script.slice(script.indexOf('export DEBIAN_FRONTEND'), script.indexOf('\nfi\n') + 4);

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function runAptStep(commands: readonly string[]): string[] {
  dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
  const record = join(dir, 'apt-calls');
  const stub = (name: string, body: string): void => {
    writeFileSync(join(dir!, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(dir!, name), 0o755);
  };
  stub('apt-get', `echo "$*" >> ${JSON.stringify(record)}`);
  stub('dpkg', 'exit 0');
  for (const name of commands) stub(name, 'exit 0');
  writeFileSync(record, '');
  execFileSync('/bin/bash', ['-c', `set -euo pipefail\n${aptStep}`], {
    env: { PATH: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return readFileSync(record, 'utf8').split('\n').filter(Boolean);
}

describe('.ci/run apt step', () => {
  it('the apt step was found in .ci/run', () => {
    expect(aptStep).toMatch(/^export DEBIAN_FRONTEND=noninteractive/);
    expect(aptStep).toMatch(/apt-get install/);
  });

  it('installs nodejs and npm on a machine without npm', () => {
    const calls = runAptStep(['chromium', 'xvfb-run', 'xauth']);
    const install = calls.find((c) => c.startsWith('install'));
    expect(install?.split(' ')).toEqual(expect.arrayContaining(['nodejs', 'npm']));
  });

  it('installs nothing when everything is there', () => {
    expect(runAptStep(['chromium', 'xvfb-run', 'xauth', 'npm'])).toEqual([]);
  });
});
