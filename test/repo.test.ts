// The repository itself: what must never be committed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('repository', () => {
  it('tracks nothing under node_modules', () => {
    // A worktree's node_modules symlink, once committed, replaces the installed folder of every checkout it
    // reaches (git treats ignored files as expendable).
    const tracked = execFileSync('git', ['ls-files', '--', 'node_modules'], { cwd: root, encoding: 'utf8' });
    assert.equal(tracked, '', 'node_modules is committed: run `git rm --cached node_modules` and commit');
  });
});
