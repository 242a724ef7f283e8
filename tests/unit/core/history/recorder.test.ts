import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerOutcome } from '../../../../shared/history-rules';
import { messageSchema, type Conversation } from '../../../../shared/history-schema';
import { AnswerRecording, SAVE_INTERVAL_MS } from '../../../../electron/core/history/recorder';
import { conversationPath, HistoryRepository } from '../../../../electron/core/history/repository';
import { nodeStorage } from '../../../../electron/core/storage/port';
import { ManualTimer, manualClock, tempDir, tinyPng } from './helpers';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

const onDisk = (id: string): Conversation =>
  JSON.parse(readFileSync(join(temp.dir, conversationPath(id)), 'utf8')) as Conversation;
const answerOnDisk = (id: string): string => {
  const part = onDisk(id).messages[1]?.parts[0];
  return part?.type === 'text' ? part.text : '';
};

describe('AnswerRecording', () => {
  it('has the question on disk at once and saves new text within one second, never more often', async () => {
    const clock = manualClock();
    const timer = new ManualTimer();
    const repo = await HistoryRepository.open(nodeStorage(temp.dir), { now: clock.now });
    const recording = new AnswerRecording(
      repo,
      { prompt: 'Explain', model: 'm', image: { bytes: tinyPng(1), mime: 'image/png', width: 1, height: 1 } },
      timer,
    );
    await recording.ready;
    await repo.flush();
    expect(onDisk(recording.conversationId).messages[0]?.parts[0]).toEqual({ type: 'text', text: 'Explain' });
    expect(onDisk(recording.conversationId).messages[1]?.streaming).toBe(true);

    clock.advance(300);
    recording.append([{ choice: 0, content: 'Hello' }]);
    recording.append([{ choice: 0, content: ', world' }]);
    // One pending save, due no later than one second after the last save.
    expect([...timer.pending.values()].map((p) => p.ms)).toEqual([SAVE_INTERVAL_MS - 300]);
    expect(answerOnDisk(recording.conversationId)).toBe('');
    clock.advance(SAVE_INTERVAL_MS - 300);
    timer.fireAll();
    await recording.settled();
    expect(answerOnDisk(recording.conversationId)).toBe('Hello, world');

    clock.advance(50);
    recording.append([{ choice: 0, content: '!' }]);
    expect([...timer.pending.values()].map((p) => p.ms)).toEqual([SAVE_INTERVAL_MS - 50]);
    clock.advance(SAVE_INTERVAL_MS);
    recording.append([{ choice: 0, content: '!' }]);
    expect(timer.pending.size).toBe(1);
    timer.fireAll();
    await recording.settled();
    expect(answerOnDisk(recording.conversationId)).toBe('Hello, world!!');
    // While streaming, the list keeps saying so: after a crash, opening recovers the answer.
    expect((await HistoryRepository.open(nodeStorage(temp.dir))).list().items[0]?.interrupted).toBe(true);
  });

  it('finishes with reason, usage, timings and the other choices when n > 1, and names the conversation', async () => {
    const clock = manualClock();
    const repo = await HistoryRepository.open(nodeStorage(temp.dir), { now: clock.now });
    const recording = new AnswerRecording(
      repo,
      { prompt: 'Explain what is in this image.', model: 'm', titleFromAnswer: true },
      new ManualTimer(),
    );
    clock.advance(120);
    recording.append([
      { choice: 0, content: '## A login form\nWith two fields.' },
      { choice: 1, content: 'Second take' },
    ]);
    clock.advance(500);
    await recording.finish({
      finishReason: 'stop',
      model: 'm-2024',
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      choices: [
        {
          index: 0,
          content: '## A login form\nWith two fields.',
          reasoning: '',
          refusal: '',
          tool_calls: [],
          finish_reason: 'stop',
        },
        {
          index: 1,
          content: 'Second take',
          reasoning: '',
          refusal: '',
          tool_calls: [],
          finish_reason: 'length',
        },
      ],
    });
    const conversation = onDisk(recording.conversationId);
    expect(conversation.title).toBe('A login form');
    const message = conversation.messages[1]!;
    expect(message).toMatchObject({
      finishReason: 'stop',
      model: 'm-2024',
      usage: { total_tokens: 15 },
      alternatives: [{ choice: 1, text: 'Second take', finishReason: 'length' }],
    });
    expect(message.streaming).toBeUndefined();
    expect(message.timings).toEqual({
      startedAt: clock.now() - 620,
      firstTokenAt: clock.now() - 500,
      finishedAt: clock.now(),
    });
  });

  it('keeps a broken answer, marked interrupted with the reason', async () => {
    const repo = await HistoryRepository.open(nodeStorage(temp.dir));
    const recording = new AnswerRecording(repo, { prompt: 'Explain', model: 'm' }, new ManualTimer());
    recording.append([{ choice: 0, content: 'Half an ans' }]);
    await recording.fail('The server closed the connection.');
    const message = onDisk(recording.conversationId).messages[1]!;
    expect(message).toMatchObject({
      interrupted: true,
      error: 'The server closed the connection.',
      parts: [{ type: 'text', text: 'Half an ans' }],
    });
    expect(repo.list().items[0]?.interrupted).toBe(true);
  });

  // Issue 14.6: a 401 or a refused connection used to read "interrupted, what arrived is kept".
  it('records a request that failed before any text as failed, with the error, not interrupted', async () => {
    const repo = await HistoryRepository.open(nodeStorage(temp.dir));
    const recording = new AnswerRecording(repo, { prompt: 'Explain', model: 'm' }, new ManualTimer());
    const reason =
      'HTTP 401 Unauthorized from api.example: "Invalid key" — check the API key of this endpoint.';
    await recording.fail(reason);
    const message = onDisk(recording.conversationId).messages[1]!;
    expect(message).toMatchObject({ failed: true, error: reason, parts: [{ type: 'text', text: '' }] });
    expect(message.interrupted).toBeUndefined();
    expect(message.streaming).toBeUndefined();
    expect(answerOutcome(message)).toBe('failed');
    // The list says so too, also after a restart (the row comes from the index then).
    expect(repo.list().items[0]).toMatchObject({ failed: true, interrupted: false });
    await repo.flush();
    const reopened = await HistoryRepository.open(nodeStorage(temp.dir));
    expect((await reopened.page({ offset: 0, limit: 10 })).items[0]?.failed).toBe(true);
  });

  it('keeps reasoning that arrived before a failure: that answer is interrupted, not failed', async () => {
    const repo = await HistoryRepository.open(nodeStorage(temp.dir));
    const recording = new AnswerRecording(repo, { prompt: 'Explain', model: 'm' }, new ManualTimer());
    recording.append([{ choice: 0, reasoning: 'Looking at the form' }]);
    await recording.fail('The server closed the connection.');
    const message = onDisk(recording.conversationId).messages[1]!;
    expect(message).toMatchObject({ interrupted: true, reasoning: 'Looking at the form' });
    expect(message.failed).toBeUndefined();
    expect(answerOutcome(message)).toBe('interrupted');
  });

  it('a stream that ended without its end marker and without any text is failed, with its own words', async () => {
    const repo = await HistoryRepository.open(nodeStorage(temp.dir));
    const recording = new AnswerRecording(repo, { prompt: 'Explain', model: 'm' }, new ManualTimer());
    await recording.finish({ finishReason: null, model: null, usage: null, choices: [], interrupted: true });
    const message = onDisk(recording.conversationId).messages[1]!;
    expect(message).toMatchObject({
      failed: true,
      error: 'The connection closed before any answer arrived.',
    });
    expect(message.interrupted).toBeUndefined();
  });
});

describe('answerOutcome on files written before `failed` existed', () => {
  it('loads an old failed record unchanged and reads it as failed; an old partial answer stays interrupted', () => {
    const old = (text: string): unknown => ({
      id: 'a1',
      role: 'assistant',
      createdAt: 1,
      parts: [{ type: 'text', text }],
      interrupted: true,
      error: 'HTTP 401 Unauthorized',
    });
    const empty = messageSchema.parse(old(''));
    expect(empty).toEqual(old(''));
    expect(answerOutcome(empty)).toBe('failed');
    expect(answerOutcome(messageSchema.parse(old('Half')))).toBe('interrupted');
  });
});
