/**
 * The docs stay true to the code: links and anchors resolve, every picture is one the browser
 * test takes (and every picture it takes is used), the architecture page names exactly the
 * folders electron/core has, and the CLI page names only options the CLI accepts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../../electron/cli/ask-args';

const root = join(import.meta.dirname, '../../..');
const docsDir = join(root, 'docs');
const pages = [
  join(root, 'README.md'),
  ...readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(docsDir, f)),
];
const read = (path: string): string => readFileSync(path, 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    out.add(
      heading!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return out;
}

describe('docs', () => {
  it('has the pages the issue asks for', () => {
    for (const name of [
      'user-guide',
      'providers',
      'cli',
      'privacy',
      'troubleshooting',
      'architecture',
      'packaging',
    ])
      expect(existsSync(join(docsDir, `${name}.md`)), name).toBe(true);
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue; // external
        const [file, anchor] = target!.split('#');
        const path = file ? join(dirname(page), file) : page;
        if (!existsSync(path)) broken.push(`${page}: ${target}`);
        else if (anchor && path.endsWith('.md') && !anchors(read(path)).has(anchor))
          broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('uses exactly the screenshots the browser test takes', () => {
    const spec = read(join(root, 'tests/browser/docs-screenshots.spec.ts'));
    const taken = [...spec.matchAll(/shoot\(\w+, '([\w-]+)'\)/g)].map((m) => `${m[1]}.png`).sort();
    const used = pages
      .flatMap((page) => [...read(page).matchAll(/\(images\/([\w-]+\.png)\)/g)].map((m) => m[1]!))
      .sort();
    expect(taken.length).toBeGreaterThanOrEqual(6);
    expect([...new Set(used)]).toEqual(taken);
    for (const name of taken) expect(statSync(join(docsDir, 'images', name)).size).toBeGreaterThan(5_000);
  });

  it('the architecture page names every folder of electron/core, and only those', () => {
    const page = read(join(docsDir, 'architecture.md'));
    const named = [...page.matchAll(/^\| `([\w-]+)\/`\s*\|/gm)].map((m) => m[1]!).sort();
    const actual = readdirSync(join(root, 'electron/core'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(named).toEqual(actual);
    for (const file of [...page.matchAll(/`(electron\/[\w/.-]+\.ts)`/g)].map((m) => m[1]!))
      expect(existsSync(join(root, file)), file).toBe(true);
  });

  it('the CLI page names only options the CLI has', () => {
    const page = read(join(docsDir, 'cli.md'));
    const options = new Set([...page.matchAll(/(?<![\w-])(--[a-z][\w-]*)/g)].map((m) => m[1]!));
    const appOnly = new Set(['--capture', '--capture-full']);
    for (const option of options) {
      if (appOnly.has(option)) continue;
      expect(USAGE, option).toMatch(new RegExp(`${option}(?![\\w-])`));
    }
    expect(options.size).toBeGreaterThan(15);
  });

  it('gives a base URL for each provider the issue lists', () => {
    const page = read(join(docsDir, 'providers.md'));
    const expected: Record<string, string> = {
      OpenAI: 'https://api.openai.com/v1',
      'Azure OpenAI': 'https://YOUR-RESOURCE.openai.azure.com/openai/v1',
      OpenRouter: 'https://openrouter.ai/api/v1',
      Groq: 'https://api.groq.com/openai/v1',
      Ollama: 'http://localhost:11434/v1',
      'LM Studio': 'http://localhost:1234/v1',
      vLLM: 'http://localhost:8000/v1',
    };
    for (const [name, url] of Object.entries(expected))
      expect(page, name).toMatch(new RegExp(`\\| ${name}\\s+\\| \`${url.replace(/[.]/g, '\\.')}\``));
  });
});
