/**
 * Run by crash.test.ts as a separate process, which the test kills with SIGKILL mid-work:
 * - `stream <dir>`: records an answer that streams a word every 10 ms, forever;
 * - `hammer <dir>`: rewrites one large conversation as fast as it can, forever;
 * - `raw <dir>`: rewrites one 16 MB file with writeFileAtomic, forever (the write itself takes long
 *   enough that a kill lands inside it: a non-atomic write would leave a torn file).
 * Prints one line per step so the test knows how far it got.
 */
import { AnswerRecording } from '../../../../electron/core/history/recorder';
import { HistoryRepository } from '../../../../electron/core/history/repository';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../../electron/core/storage/atomic-file';
import { nodeStorage } from '../../../../electron/core/storage/port';

const [mode, dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: crash-child.ts stream|hammer|raw DIR');
const repo = await HistoryRepository.open(nodeStorage(dir));

if (mode === 'raw') {
  console.log('conversation raw');
  for (let n = 0; ; n++) {
    const bytes = Buffer.alloc(16 * 1024 * 1024, n % 251);
    bytes.write(`v${n}:`.padEnd(16, ' '));
    await writeFileAtomic(join(dir, 'raw.bin'), bytes);
    console.log(`saved ${n}`);
  }
} else if (mode === 'stream') {
  const recording = new AnswerRecording(repo, { prompt: 'Explain', model: 'm' });
  await recording.ready;
  console.log(`conversation ${recording.conversationId}`);
  let i = 0;
  setInterval(() => {
    recording.append([{ choice: 0, content: `word${i} ` }]);
    console.log(`tick ${i++}`);
  }, 10);
} else {
  const conversation = repo.draft('Hammered');
  conversation.messages.push({
    id: 'm',
    role: 'assistant',
    createdAt: 0,
    parts: [{ type: 'text', text: '' }],
  });
  console.log(`conversation ${conversation.id}`);
  for (let n = 0; ; n++) {
    // Each version is recognisable whole: "v<n>:" then a fixed body, so a mix of two is detectable.
    conversation.messages[0]!.parts = [{ type: 'text', text: `v${n}:${String(n % 10).repeat(2_000_000)}` }];
    await repo.commit(conversation);
    console.log(`saved ${n}`);
  }
}
