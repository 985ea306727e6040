// Password hashes: a right password verifies, a wrong one does not, the cost travels with the hash, and the
// length rules are the only rules.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { COST, hashPassword, needsRehash, passwordProblem, verifyDummy, verifyPassword } from './passwords.ts';

const CHEAP = { log2N: 10, r: 8, p: 1 };

it('verifies the right password and no other, with a new salt each time', async () => {
  const a = await hashPassword('Hütte am See, 1999', CHEAP);
  const b = await hashPassword('Hütte am See, 1999', CHEAP);
  assert.notEqual(a, b);
  assert.match(a, /^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('Hütte am See, 1999', a), true);
  // NFC and NFD spell the same password.
  assert.equal(await verifyPassword('Hu\u0308tte am See, 1999', a), true);
  assert.equal(await verifyPassword('Hütte am See, 1998', a), false);
  assert.equal(await verifyPassword('Hütte am See, 1999', 'md5$abc'), false);
});

it('asks for a re-hash when the stored cost is below today’s', async () => {
  assert.equal(needsRehash(await hashPassword('x'.repeat(12), CHEAP)), true);
  assert.equal(needsRehash(`scrypt$${COST.log2N}$${COST.r}$${COST.p}$s$h`), false);
});

it('checks a dummy hash (the time of a wrong password) and always says no', async () => {
  assert.equal(await verifyDummy('anything at all'), false);
});

it('refuses passwords shorter than 12 or longer than 256 characters, and nothing else', () => {
  assert.equal(passwordProblem('elf Zeichen'), 'short');
  assert.equal(passwordProblem('zwölf Zeichen'), undefined);
  assert.equal(passwordProblem('a'.repeat(257)), 'long');
  assert.equal(passwordProblem('🙂'.repeat(12)), undefined, 'characters, not UTF-16 units');
});
