/**
 * `npm run docs:screenshots`: the browser config, with the docs' pictures written to
 * docs/images/ instead of tests/.artifacts (set here, cross-platform, before workers start).
 */
import { defineConfig } from '@playwright/test';
import config from './playwright.config';

process.env.GLIMPSE_WRITE_DOCS = '1';

export default defineConfig({ ...config, testMatch: 'docs-screenshots.spec.ts' });
