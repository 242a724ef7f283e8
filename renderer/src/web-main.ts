// Web mode: install the preload API over the loopback socket first, then start the same app.
import { installSocketApi } from './web/socket-transport';

installSocketApi();
await import('./main');
