/**
 * A stand-in for the `sharp` package as it loads in a build that lacks its native binary (the x64
 * dmg built on the arm64 runner without @img/sharp-darwin-x64, issue 13 finding 16): importing it
 * throws. The message is the one sharp 0.35 builds (dist/sharp.cjs, `if (!sharp)`): the
 * MODULE_NOT_FOUND errors of the platform packages are left out, then its advice for npm users,
 * for a prebuilt platform. `runtimePlatform` is sharp's `${process.platform}-${process.arch}`;
 * the packages at issue are x64 ones.
 *
 * Used with vi.doMock('sharp', …) in tests/desktop/sharp-missing.test.ts; never imported by the app.
 */
export function sharpLoadErrorText(runtimePlatform: string): string {
  const [os = '', cpu = ''] = runtimePlatform.split('-');
  return [
    `Could not load the "sharp" module using the ${runtimePlatform} runtime`,
    'Possible solutions:',
    '- Ensure optional dependencies can be installed:',
    '    npm install --include=optional sharp',
    '- Ensure your package manager supports multi-platform installation:',
    '    See https://sharp.pixelplumbing.com/install#cross-platform',
    '- Add platform-specific dependencies:',
    `    npm install --os=${os} --cpu=${cpu} sharp`,
    '- Consult the installation documentation:',
    '    See https://sharp.pixelplumbing.com/install',
  ].join('\n');
}

/** What evaluating the package throws in this "process" (process.platform is the profile's). */
export function throwSharpLoadError(): never {
  throw new Error(sharpLoadErrorText(`${process.platform}-x64`));
}
