import { buildRenderer } from '../../electron/web/build-renderer';
import { ensureChromium } from '../support/chromium';

export default function globalSetup(): void {
  ensureChromium();
  buildRenderer();
}
