/**
 * The security baseline as pure functions: electron/main applies them to Electron, web mode to
 * its HTTP server, and tests run them in plain Node.
 */
export {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appPageUrl,
  devServerOrigin,
  isLoopbackHostname,
  normaliseOrigins,
  pageOrigin,
  webSocketOriginOf,
} from './origins';
export {
  appResponseHeaders,
  contentSecurityPolicy,
  contentSecurityPolicyFor,
  withSecurityHeaders,
  type ContentSecurityPolicyOptions,
} from './csp';
export { isInsideDirectory, resolveAppRequest, type AppFile, type PathApi } from './app-protocol';
export { isAllowedNavigation, isSafeExternalUrl, isTrustedSender, toSafeExternalUrl } from './urls';
export {
  SECURE_WEB_PREFERENCE_VALUES,
  secureWebPreferences,
  type SecureWebPreferences,
} from './web-preferences';
export {
  CALLER_WEB_PREFERENCES,
  ignoredWebPreferences,
  mergeWindowOptions,
  type MergedWindowOptions,
} from './window-options';
export { AppWindowRegistry, type AppWindowKind } from './window-registry';
