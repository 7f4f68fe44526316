import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ChildServer {
  name: string;
  pid: number;
  /** Resident memory of the child process, in MiB (VmRSS from /proc). */
  rssMb(): number;
  /** CPU time the child has used so far, all threads, in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ChildOptions {
  name: string;
  /** Arguments after `node`: each server runs in its own process, so RSS is its own. */
  args: string[];
  /** The whole environment of the child. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Polled until it answers 200. */
  readyUrl: string;
  timeoutMs?: number;
}

/** A port the OS says is free right now on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in ticks of 1/100 s on Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces; this starts at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Starts `node <args>` and resolves once `readyUrl` answers; rejects with its output if it dies first. */
export async function startServer(options: ChildOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the tail of the output to explain a failed start; otherwise stay quiet.
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const server: ChildServer = {
    name: options.name,
    pid: child.pid ?? -1,
    rssMb: () => rssMbOf(child.pid ?? -1),
    cpuSeconds: () => cpuSecondsOf(child.pid ?? -1),
    stop: () => stopChild(child),
  };
  try {
    await waitUntilReady(child, options.readyUrl, options.timeoutMs ?? 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${options.name} did not start: ${(error as Error).message}\n${output.join('').trim()}`);
  }
  return server;
}

async function waitUntilReady(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** SIGTERM (the servers shut down cleanly on it), then SIGKILL if it lingers. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
