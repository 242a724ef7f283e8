/**
 * Export and import. The JSON archive holds conversations exactly as stored plus their images
 * (Base64), and imports back losslessly. Markdown is for reading: one file per conversation,
 * images beside it. Import never overwrites: a conversation whose id exists is skipped.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { answerOutcome } from '../../../shared/history-rules';
import {
  ARCHIVE_FORMAT,
  archiveSchema,
  type Conversation,
  type HistoryArchive,
  type ImagePart,
  type ImportResult,
} from '../../../shared/history-schema';
import { UserFacingError } from '../ipc/dispatch';
import { fileTimestamp, writeStreamAtomic } from '../storage/atomic-file';
import { conversationPath, conversationText, sha256, type HistoryRepository } from './repository';

const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** The ids to export: the ones asked for (each once), or the whole history. */
async function chosenIds(repo: HistoryRepository, ids?: readonly string[]): Promise<string[]> {
  return [...new Set(ids ?? (await repo.page({ limit: Number.MAX_SAFE_INTEGER })).items.map((s) => s.id))];
}

async function pick(repo: HistoryRepository, ids?: readonly string[]): Promise<Conversation[]> {
  const conversations: Conversation[] = [];
  for (const id of await chosenIds(repo, ids)) conversations.push(await repo.get(id));
  return conversations;
}

function imagesOf(conversations: Conversation[]): Map<string, ImagePart> {
  const images = new Map<string, ImagePart>();
  for (const c of conversations)
    for (const m of c.messages) for (const p of m.parts) if (p.type === 'image') images.set(p.hash, p);
  return images;
}

export async function exportArchive(
  repo: HistoryRepository,
  ids?: readonly string[],
): Promise<HistoryArchive> {
  const conversations = await pick(repo, ids);
  const images: HistoryArchive['images'] = {};
  for (const [hash] of imagesOf(conversations)) {
    try {
      const { mime, bytes } = await repo.readImage(hash);
      images[hash] = { mime, base64: Buffer.from(bytes).toString('base64') };
    } catch {
      // A missing image file: the conversation still exports, its reference kept.
    }
  }
  return { format: ARCHIVE_FORMAT, version: 1, exportedAt: repo.now(), conversations, images };
}

/**
 * The same archive as exportArchive, written piece by piece: one conversation and one image in
 * memory at a time, so a history of any size exports (one JSON string caps out near 512 MB).
 */
async function writeArchive(repo: HistoryRepository, path: string, ids?: readonly string[]): Promise<void> {
  const chosen = await chosenIds(repo, ids);
  const hashes = new Set<string>();
  await writeStreamAtomic(path, async (write) => {
    const head = { format: ARCHIVE_FORMAT, version: 1, exportedAt: repo.now() };
    await write(`${JSON.stringify(head).slice(0, -1)},"conversations":[`);
    let first = true;
    for (const id of chosen) {
      const conversation = await repo.get(id);
      for (const hash of imagesOf([conversation]).keys()) hashes.add(hash);
      await write(`${first ? '' : ','}${JSON.stringify(conversation)}`);
      first = false;
    }
    await write('],"images":{');
    first = true;
    for (const hash of hashes) {
      let image: { mime: string; bytes: Uint8Array };
      try {
        image = await repo.readImage(hash);
      } catch {
        continue; // A missing image file: the conversation still exports, its reference kept.
      }
      const entry = { mime: image.mime, base64: Buffer.from(image.bytes).toString('base64') };
      await write(`${first ? '' : ','}${JSON.stringify(hash)}:${JSON.stringify(entry)}`);
      first = false;
    }
    await write('}}');
  });
}

/**
 * Parses archive bytes; a file that is not one of ours gets a plain sentence naming it and why
 * (the renderer translates by `kind`: archive-not-json, -not-ours, -newer, -damaged). Nothing is
 * written before the whole file has parsed, so a bad file changes nothing.
 */
export function parseArchive(bytes: Uint8Array, name?: string): HistoryArchive {
  const file = name ? `“${name}”` : 'That file';
  const refuse = (why: string, kind: string): never => {
    throw new UserFacingError(`${file} ${why} Nothing was imported.`, kind);
  };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return refuse('is not a Glimpse history export: it is not JSON.', 'archive-not-json');
  }
  const head = (typeof json === 'object' && json !== null ? json : {}) as {
    format?: unknown;
    version?: unknown;
  };
  if (head.format !== ARCHIVE_FORMAT)
    return refuse('is not a Glimpse history export: it is JSON, but not an export.', 'archive-not-ours');
  if (typeof head.version === 'number' && head.version > 1)
    return refuse(
      'was exported by a newer version of Glimpse: update Glimpse to import it.',
      'archive-newer',
    );
  const parsed = archiveSchema.safeParse(json);
  if (!parsed.success)
    return refuse('is a Glimpse history export, but it is damaged and cannot be read.', 'archive-damaged');
  return parsed.data;
}

export async function importArchive(repo: HistoryRepository, archive: HistoryArchive): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, skipped: 0, rejected: 0 };
  // Only images some imported conversation uses: nothing would ever remove the others.
  const referenced = new Set(imagesOf(archive.conversations).keys());
  for (const [hash, image] of Object.entries(archive.images)) {
    const bytes = Buffer.from(image.base64, 'base64');
    const mime = image.mime as ImagePart['mime'];
    // An image must be what its name says: its hash is its identity across conversations.
    if (sha256(bytes) !== hash || !Object.hasOwn(EXT, mime) || !referenced.has(hash)) {
      result.rejected++;
      continue;
    }
    await repo.storage.writeOnce(`history/images/${hash}.${EXT[mime]}`, bytes);
  }
  const fresh = new Map<string, Conversation>();
  for (const conversation of archive.conversations) {
    // Duplicates are detected by id, in the history and within the archive itself.
    // A file on disk the list does not show (saved by a newer Glimpse, or not yet reconciled)
    // is never overwritten either.
    if (
      (await repo.find(conversation.id)) ||
      fresh.has(conversation.id) ||
      (await repo.storage.read(conversationPath(conversation.id))) !== undefined
    ) {
      result.skipped++;
      continue;
    }
    fresh.set(conversation.id, structuredClone(conversation));
  }
  await repo.commitMany([...fresh.values()]);
  result.imported = fresh.size;
  return result;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'conversation'
  );
}

/**
 * Why a kept answer is partial, in one sentence. A stop the user asked for is said as such
 * (the stored reason is the client's "Stopped: the request was cancelled.", which after
 * "Interrupted:" read as two contradicting labels).
 */
export function interruptedNote(error: string | undefined): string {
  if (error === undefined || error.trim() === '') return 'Interrupted; the text above is what arrived.';
  if (/^stopped\b/i.test(error.trim())) return 'Stopped before the end; the text above is what arrived.';
  return `Interrupted; the text above is what arrived. ${error.trim()}`;
}

export function conversationMarkdown(conversation: Conversation, imageDir = 'images'): string {
  const lines = [`# ${conversation.title}`, '', `_${new Date(conversation.createdAt).toISOString()}_`, ''];
  for (const message of conversation.messages) {
    const who = message.role === 'user' ? 'You' : `Glimpse${message.model ? ` (${message.model})` : ''}`;
    lines.push(`## ${who}${message.regenerated ? ', regenerated answer' : ''}`, '');
    if (message.sharpText)
      lines.push(
        `_Sent with sharp text: ${message.sharpText.rows} × ${message.sharpText.columns} full-resolution tiles._`,
        '',
      );
    for (const part of message.parts) {
      if (part.type === 'text') lines.push(part.text, '');
      else lines.push(`![${part.width}×${part.height}](${imageDir}/${part.hash}.${EXT[part.mime]})`, '');
    }
    const outcome = message.role === 'assistant' ? answerOutcome(message) : 'complete';
    if (outcome === 'failed')
      lines.push(`> _Failed, no answer arrived${message.error ? `: ${message.error}` : ''}_`, '');
    if (outcome === 'interrupted') lines.push(`> _${interruptedNote(message.error)}_`, '');
    if (outcome === 'complete' && message.finishReason === 'content_filter')
      lines.push("> _Stopped by the provider's content filter: the answer above is not whole._", '');
    if (outcome === 'complete' && message.finishReason === 'length')
      lines.push('> _Cut at the token limit: the answer above is not whole._', '');
    for (const alternative of message.alternatives ?? [])
      lines.push(`### Alternative ${alternative.choice}`, '', alternative.text, '');
  }
  return lines.join('\n');
}

export interface ExportTarget {
  format: 'json' | 'markdown';
  ids?: readonly string[];
  /** Folder the export is written into (a new subfolder or file is created there). */
  dir: string;
}

/** Writes an export under `dir`; returns the path of the file or folder created. */
export async function exportTo(repo: HistoryRepository, target: ExportTarget): Promise<string> {
  const stamp = fileTimestamp(new Date(repo.now()));
  if (target.format === 'json') {
    const path = join(target.dir, `glimpse-history-${stamp}.json`);
    await writeArchive(repo, path, target.ids);
    return path;
  }
  const folder = join(target.dir, `glimpse-history-${stamp}`);
  const conversations = await pick(repo, target.ids);
  await mkdir(join(folder, 'images'), { recursive: true });
  const used = new Set<string>();
  for (const conversation of conversations) {
    let name = `${slug(conversation.title)}-${conversation.id.slice(0, 8)}`;
    while (used.has(name)) name += '-';
    used.add(name);
    await writeFile(join(folder, `${name}.md`), conversationMarkdown(conversation));
  }
  for (const [hash, part] of imagesOf(conversations)) {
    try {
      const { bytes } = await repo.readImage(hash);
      await writeFile(join(folder, 'images', `${hash}.${EXT[part.mime]}`), bytes);
    } catch {
      // Missing image: the Markdown link stays, pointing at what was lost.
    }
  }
  return folder;
}

export { conversationText };
