/**
 * session, protocol, net and safeStorage.
 *
 * - session.defaultSession throws TypeError "Session can only be received when app is ready"
 *   before ready (electron_api_session.cc); protocol.handle/unhandle/isProtocolHandled go through
 *   it (lib/browser/api/protocol.ts), so they throw too; protocol.registerSchemesAsPrivileged
 *   throws *after* ready ("should be called before app is ready", electron_api_protocol.cc).
 * - net.fetch is session.defaultSession.fetch (lib/browser/api/net.ts). Here it delegates to
 *   Node's fetch, for loopback URLs only: the tests never reach the network.
 * - safeStorage (electron_api_safe_storage.cc): isEncryptionAvailable() is false before ready and,
 *   on Linux, for the basic_text backend (unless setUsePlainTextEncryption(true));
 *   encryptString/decryptString then throw "…Encryption is not available." (or "safeStorage
 *   cannot be used before app is ready"); getSelectedStorageBackend exists on Linux only and says
 *   'unknown' before ready; ciphertext starts with v10/v11.
 */
import { EventEmitter } from 'node:events';
import { runtime } from './runtime';

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class Protocol implements Pick<Electron.Protocol, 'handle' | 'unhandle' | 'isProtocolHandled'> {
  readonly handlers = new Map<string, ProtocolHandler>();

  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  unhandle(scheme: string): void {
    if (!this.handlers.delete(scheme)) throw new Error(`Failed to unhandle protocol: ${scheme}`);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Node's fetch, to 127.0.0.1 / localhost only; a custom scheme goes to its protocol handler. */
async function loopbackFetch(
  session: Session,
  input: string | Request,
  init?: RequestInit,
): Promise<Response> {
  const url = new URL(typeof input === 'string' ? input : input.url);
  const scheme = url.protocol.slice(0, -1);
  const handler = session.protocol.handlers.get(scheme);
  if (handler) return handler(new Request(input, init));
  if (!isLoopback(url))
    throw new TypeError(`stand-in: net.fetch refused ${url.origin}: the desktop tests only reach 127.0.0.1`);
  runtime.record('net.fetch', url.href);
  return globalThis.fetch(input, init);
}

type HeadersListener = Parameters<Electron.WebRequest['onHeadersReceived']>[0];

export class Session extends EventEmitter {
  readonly protocol = new Protocol();
  permissionRequestHandler: unknown = null;
  permissionCheckHandler: unknown = null;
  devicePermissionHandler: unknown = null;
  displayMediaRequestHandler: unknown = null;
  headersReceived: HeadersListener | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener | null): void => {
      this.headersReceived = listener;
    },
  };
  proxy: Electron.ProxyConfig | undefined;

  setPermissionRequestHandler(handler: unknown): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: unknown): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: unknown): void {
    this.devicePermissionHandler = handler;
  }

  setDisplayMediaRequestHandler(handler: unknown): void {
    this.displayMediaRequestHandler = handler;
  }

  setProxy(config: Electron.ProxyConfig): Promise<void> {
    this.proxy = config;
    return Promise.resolve();
  }

  resolveProxy(_url: string): Promise<string> {
    return Promise.resolve('DIRECT');
  }

  fetch(input: string | Request, init?: RequestInit): Promise<Response> {
    return loopbackFetch(this, input, init);
  }

  getUserAgent(): string {
    return `Mozilla/5.0 Glimpse stand-in Electron/${process.versions.node}`;
  }

  setUserAgent(_userAgent: string): void {}

  clearCache(): Promise<void> {
    return Promise.resolve();
  }
}

let defaultSession: Session | undefined;
const partitions = new Map<string, Session>();

export const session = {
  get defaultSession(): Session {
    runtime.requireReady('Session can only be received when app is ready', 'TypeError');
    defaultSession ??= new Session();
    return defaultSession;
  },
  fromPartition(partition: string): Session {
    runtime.requireReady('Session can only be received when app is ready', 'TypeError');
    let found = partitions.get(partition);
    if (!found) partitions.set(partition, (found = new Session()));
    return found;
  },
};

const privilegedSchemes: Electron.CustomScheme[] = [];

const protocolImpl = {
  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    if (runtime.ready)
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    privilegedSchemes.push(...structuredClone(customSchemes));
  },
  handle: (scheme: string, handler: ProtocolHandler): void =>
    session.defaultSession.protocol.handle(scheme, handler),
  unhandle: (scheme: string): void => session.defaultSession.protocol.unhandle(scheme),
  isProtocolHandled: (scheme: string): boolean => session.defaultSession.protocol.isProtocolHandled(scheme),
  /** The stand-in's record of the privileged schemes (for assertions). */
  privilegedSchemes,
};

export const protocol = protocolImpl satisfies Pick<
  Electron.Protocol,
  'registerSchemesAsPrivileged' | 'handle' | 'unhandle' | 'isProtocolHandled'
>;

export const net = {
  fetch: (input: string | Request, init?: RequestInit): Promise<Response> =>
    session.defaultSession.fetch(input, init),
  isOnline: (): boolean => true,
  get online(): boolean {
    return true;
  },
} satisfies Pick<Electron.Net, 'fetch' | 'isOnline' | 'online'>;

// --- safeStorage ---

let usePlainText = false;
const KEY = 0x5a;

function encryptionAvailable(): boolean {
  if (!runtime.ready) return false;
  const keyring = runtime.profile.keyring;
  if (keyring.kind === 'linux' && keyring.backend === 'basic_text') return usePlainText;
  return true;
}

function prefix(): string {
  const keyring = runtime.profile.keyring;
  // Linux: v11 with a keyring's password, v10 with the hard-coded one (basic_text).
  return keyring.kind === 'linux' && keyring.backend !== 'basic_text' ? 'v11' : 'v10';
}

const safeStorageBase = {
  isEncryptionAvailable: (): boolean => encryptionAvailable(),
  setUsePlainTextEncryption(usePlainTextEncryption: boolean): void {
    usePlainText = usePlainTextEncryption;
  },
  encryptString(plainText: string): Buffer {
    if (!encryptionAvailable()) {
      runtime.requireReady('safeStorage cannot be used before app is ready');
      throw new Error(
        'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
      );
    }
    const body = Buffer.from(plainText, 'utf8').map((b) => b ^ KEY);
    return Buffer.concat([Buffer.from(prefix(), 'ascii'), body]);
  },
  decryptString(encrypted: Buffer): string {
    if (!encryptionAvailable()) {
      runtime.requireReady('safeStorage cannot be used before app is ready');
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
      );
    }
    if (!Buffer.isBuffer(encrypted))
      throw new Error('Expected the first argument of decryptString() to be a buffer');
    if (encrypted.length === 0) return '';
    const head = encrypted.subarray(0, 3).toString('ascii');
    if (head !== 'v10' && head !== 'v11')
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Ciphertext does not appear to be encrypted.',
      );
    return Buffer.from(encrypted.subarray(3).map((b) => b ^ KEY)).toString('utf8');
  },
};

function getSelectedStorageBackend(): ReturnType<Electron.SafeStorage['getSelectedStorageBackend']> {
  if (!runtime.ready) return 'unknown';
  const keyring = runtime.profile.keyring;
  return keyring.kind === 'linux' ? keyring.backend : 'unknown';
}

/** getSelectedStorageBackend is bound on Linux only (#if BUILDFLAG(IS_LINUX)). */
export const safeStorage = new Proxy(safeStorageBase, {
  get(target, property) {
    if (property === 'getSelectedStorageBackend')
      return runtime.platform === 'linux' ? getSelectedStorageBackend : undefined;
    return Reflect.get(target, property) as unknown;
  },
  has(target, property) {
    if (property === 'getSelectedStorageBackend') return runtime.platform === 'linux';
    return Reflect.has(target, property);
  },
}) as typeof safeStorageBase & { getSelectedStorageBackend: typeof getSelectedStorageBackend };

safeStorage satisfies Pick<
  Electron.SafeStorage,
  | 'isEncryptionAvailable'
  | 'setUsePlainTextEncryption'
  | 'encryptString'
  | 'decryptString'
  | 'getSelectedStorageBackend'
>;
