import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';

const POSTGRES = 'postgres://blattwerk@127.0.0.1/blattwerk';

describe('config: the job queue', () => {
  const cases: [string, Record<string, string>, 'table' | 'pg-boss'][] = [
    ['SQLite: the built-in table', {}, 'table'],
    ['PostgreSQL: pg-boss', { DATABASE_URL: POSTGRES }, 'pg-boss'],
    ['PostgreSQL kept on the table', { DATABASE_URL: POSTGRES, BLATTWERK_QUEUE: 'table' }, 'table'],
    ['PostgreSQL, pg-boss named', { DATABASE_URL: POSTGRES, BLATTWERK_QUEUE: 'pg-boss' }, 'pg-boss'],
  ];
  for (const [what, env, queue] of cases) it(what, () => assert.equal(loadConfig({ port: '0' }, env).jobQueue, queue));

  it('refuses pg-boss without PostgreSQL, and a queue it does not know', () => {
    assert.throws(() => loadConfig({ port: '0' }, { BLATTWERK_QUEUE: 'pg-boss' }), /needs a PostgreSQL DATABASE_URL/);
    assert.throws(
      () => loadConfig({ port: '0' }, { DATABASE_URL: POSTGRES, BLATTWERK_QUEUE: 'redis' }),
      /BLATTWERK_QUEUE "redis" must be table or pg-boss/,
    );
  });
});
