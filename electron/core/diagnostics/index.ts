export { DiagnosticLog, describeError, type DiagnosticLogOptions, type LogEntry, type LogLevel } from './log';
export { diagnosticsText, type DiagnosticsInput, type DisplayInfo } from './report';
export { REDACTED, redactText, redactTree, secretsInTree } from './redact';
