import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const noElectron = {
  paths: [
    {
      name: 'electron',
      message: 'This layer must run without Electron: put Electron code in electron/main.',
    },
  ],
  patterns: [{ group: ['electron/*'], message: 'This layer must run without Electron.' }],
};
const noNode = {
  patterns: [
    { group: ['node:*'], message: 'renderer/ and shared/ run in the browser: no Node built-ins.' },
    { group: ['electron', 'electron/*'], message: 'renderer/ and shared/ must not import Electron.' },
    { group: ['**/electron/main/**', '**/electron/core/**'], message: 'Talk to main over the IPC contract.' },
  ],
};

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'tests/.artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.mjs',
            'tests/*.mjs',
            'tests/electron/*.mjs',
            'tests/desktop/*.mjs',
            'tests/unit/*/*/*/support/*.cjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig },
      globals: { ...globals.browser },
    },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['electron/core/**', 'electron/cli/**', 'electron/web/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  { files: ['renderer/**', 'shared/**'], rules: { 'no-restricted-imports': ['error', noNode] } },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
