/**
 * `npm run web -- [--port P] [--rebuild]`: the real renderer and core in any browser.
 * GLIMPSE_DATA_DIR keeps settings and history in that folder, as in the app.
 */
import { buildRenderer, RENDERER_OUT } from './build-renderer';
import { runWebCli } from './run-web';

const result = await runWebCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  build: (force) => {
    buildRenderer(force);
    return RENDERER_OUT;
  },
});
if (result.code !== 0) process.exit(result.code);
const { server } = result;
const stop = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
