/**
 * The sign-in baseline: raw argon2id verification at the parameters Gatehouse hashes
 * passwords with, `concurrency` verifications in flight at a time, as many virtual users
 * would keep in flight. Like Gatehouse, it hashes on the libuv pool (@node-rs/argon2 runs
 * each verification as an async task there). A child process driven over IPC by sign-in.ts:
 * it answers each `{ seconds, concurrency }` with `{ count, seconds, latencies }`.
 */
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_PARAMS } from '../src/platform/hashing.js';

interface Run {
  seconds: number;
  concurrency: number;
}

const send = (message: unknown) =>
  new Promise<void>((resolve, reject) =>
    process.send
      ? process.send(message, (error: Error | null) => (error ? reject(error) : resolve()))
      : reject(new Error('no IPC channel')),
  );

const password = 'Correct-Horse-Battery-Staple-42';
const stored = await hash(password, ARGON2_PARAMS);

async function run({ seconds, concurrency }: Run) {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const before = performance.now();
        if (!(await verify(stored, password))) throw new Error('argon2 verify failed');
        latencies.push(performance.now() - before);
      }
    }),
  );
  return { count: latencies.length, seconds: (performance.now() - start) / 1000, latencies };
}

process.on('message', (message: Run) => {
  void run(message).then(send, (error: Error) => send({ error: error.message }));
});
process.on('disconnect', () => process.exit(0));
await send({ ready: true });
