// Finding and running the optional Debian programs (espeak-ng, lame) that speed speech up.
// Every failure names the program, so an operator sees at once which one to install or fix.

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const found = new Map<string, string | undefined>();

/** Absolute path of `name` on PATH (or `name` itself when it is a path), or undefined. Cached. */
export function findProgram(name: string): string | undefined {
  if (found.has(name)) return found.get(name);
  const candidates =
    isAbsolute(name) || name.includes('/')
      ? [name]
      : (process.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, name));
  const path = candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
  found.set(name, path);
  return path;
}

export interface Program {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Resolves when the program exits with status 0; rejects with a message naming it otherwise. */
  readonly done: Promise<void>;
}

/**
 * Starts `command`. stdout is left to the caller; stderr is kept for the error message. An abort
 * kills the program and rejects `done` with the signal's reason.
 */
export function startProgram(label: string, command: string, args: readonly string[], signal?: AbortSignal): Program {
  signal?.throwIfAborted();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // A program that dies early closes its stdin; the exit status is the error worth reporting.
  child.stdin.on('error', () => {});
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `speech: ${label}: program not found: ${command}`
            : `speech: ${label}: cannot start ${command}: ${error.message}`,
        ),
      );
    });
    child.once('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(abortReason(signal));
      if (code === 0) return resolve();
      const detail = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' | ');
      const how = killedBy ? `was killed by ${killedBy}` : `exited with status ${code}`;
      reject(new Error(`speech: ${label} (${command}) ${how}${detail ? `: ${detail}` : ''}`));
    });
  });
  return { child, done };
}

/** The reason an aborted signal carries, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new Error(`speech: aborted${typeof reason === 'string' ? `: ${reason}` : ''}`);
}
