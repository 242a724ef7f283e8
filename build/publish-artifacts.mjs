#!/usr/bin/env node
/**
 * Release CI: uploads what `electron-builder --publish never` left in dist/ (installers, the
 * blockmaps and the update feeds latest*.yml) to the draft GitHub release named in
 * electron-builder.yml — only after the smoke launch passed. `electron-builder publish` logs a
 * failed upload and still exits 0; this exits 1.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** The files a release carries (not builder-debug.yml, the unpacked folders or the effective config). */
const ARTIFACT = /^(latest.*\.yml|.+\.(dmg|zip|exe|AppImage|deb|blockmap))$/;

const dist = resolve('dist');
const files = readdirSync(dist).filter((name) => ARTIFACT.test(name));
if (files.length === 0) {
  console.error('publish: nothing to upload in dist/');
  process.exit(1);
}
console.log(`publish: ${files.join(', ')}`);
const { publishArtifactsWithOptions } = createRequire(import.meta.url)('electron-builder/out/publish.js');
const uploaded = await publishArtifactsWithOptions(
  files.map((name) => ({ file: join(dist, name), arch: null })),
  undefined,
  'electron-builder.yml',
  undefined,
  { publish: 'always' },
);
if (!uploaded) {
  console.error('publish: the upload failed (see the error above)');
  process.exit(1);
}
