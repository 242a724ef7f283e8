/**
 * Preloaded with `node --require` into the OCR child process of ocr-offline.test.ts. In every
 * thread it runs in (Node preloads it into worker threads too), it refuses and records any
 * attempt to reach the network: sockets, DNS lookups and fetch.
 */
'use strict';
const { appendFileSync } = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const { threadId } = require('node:worker_threads');

const log = process.env.GLIMPSE_NET_LOG;
const record = (what) => {
  if (log) appendFileSync(log, `attempt ${threadId} ${what}\n`);
};
if (log) appendFileSync(log, `loaded ${threadId}\n`);

const refuse = (what) => {
  record(what);
  throw new Error(`network access refused in test: ${what}`);
};
if (log) {
  // Tells which thread is Tesseract's worker, once its script has loaded.
  const timer = setInterval(() => {
    if (Object.keys(require.cache).some((id) => id.includes('tesseract.js/src/worker-script'))) {
      appendFileSync(log, `tesseract-worker ${threadId}\n`);
      clearInterval(timer);
    }
  }, 20);
  timer.unref();
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const target = Array.isArray(args[0]) ? args[0][0] : args[0];
  // A Unix socket or pipe by path (tsx's loader talks to its parent that way) is not network.
  if (typeof target === 'string' || (typeof target === 'object' && target && typeof target.path === 'string'))
    return originalConnect.apply(this, args);
  return refuse(`socket ${JSON.stringify(target)}`);
};
dns.lookup = (host) => refuse(`dns ${host}`);
dns.promises.lookup = async (host) => refuse(`dns ${host}`);
globalThis.fetch = async (url) => refuse(`fetch ${String(url)}`);
