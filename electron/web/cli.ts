/**
 * `npm run web -- [--port P] [--rebuild]`: the real renderer and core in any browser.
 */
import { parseArgs } from 'node:util';
import { buildRenderer, RENDERER_OUT } from './build-renderer';
import { startWebServer } from './server';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, rebuild: { type: 'boolean', default: false } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`glimpse web: --port must be a number from 0 to 65535, not "${values.port}"`);
  process.exit(2);
}

buildRenderer(values.rebuild);
const server = await startWebServer({ rendererDir: RENDERER_OUT, port, log: (line) => console.error(line) });
console.log(`Glimpse web mode (development only): open ${server.url}`);
console.log('Settings and history are kept in a temporary folder, keys in memory; press Ctrl+C to stop.');

const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
