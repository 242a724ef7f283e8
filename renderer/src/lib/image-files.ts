/**
 * The image among files the user hands the page (a drop anywhere on the answer panel, a paste,
 * the file picker). Main reads the bytes to tell PNG, JPEG, WebP and GIF apart; here only what
 * is plainly not an image (a .txt, a PDF) is refused, in words, rather than ignored. A file
 * without a type (some file managers give none) is let through for main to judge.
 */
export function firstImage(
  files: FileList | null | undefined,
  onReject?: (name: string) => void,
): File | undefined {
  if (!files || files.length === 0) return undefined;
  const image = Array.from(files).find((file) => file.type.startsWith('image/') || file.type === '');
  if (!image) onReject?.(files[0]!.name);
  return image;
}

/** Whether a drag carries files (from a file manager, a browser): text or links dragged do not count. */
export function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
