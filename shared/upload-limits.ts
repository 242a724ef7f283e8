/**
 * Largest image a renderer may hand over (drop, paste, file picker). Its own module, with no zod:
 * the page checks it before sending (web mode's socket would drop a far larger message whole),
 * and the IPC contract's schema refuses anything over it.
 */
export const MAX_IMAGE_UPLOAD_BYTES = 50 * 1024 * 1024;
