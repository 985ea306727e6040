// TEST DOUBLE for a remote service: a stand-in Web Push service (what FCM or Mozilla's autopush are to real
// browsers), on loopback over HTTPS with a throwaway certificate. It records what arrives, answers as told per
// endpoint (201, 404, 410, 500, or never), checks the VAPID JWT, and can decrypt a payload per RFC 8291 with the
// private keys of a stand-in browser: the decryption is written here from the RFC with node:crypto, not taken
// from the library under test.
import { execFileSync } from 'node:child_process';
import { createECDH, createDecipheriv, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Behaviour = 'ok' | '404' | '410' | '500' | 'hang';

export interface Received {
  name: string;
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface PushService {
  origin: string;
  /** The certificate to trust (give it to the sender as `ca`). */
  ca: Buffer;
  received: Received[];
  endpoint(name: string): string;
  behave(name: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

/** A self-signed certificate for an IP address (127.0.0.1 unless named), made with the openssl command. */
export function selfSignedCertificate(ip = '127.0.0.1'): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'blattwerk-push-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${ip}`,
        '-addext',
        `subjectAltName=IP:${ip}`,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPushService(options: { record?: boolean } = {}): Promise<PushService> {
  const { key, cert } = selfSignedCertificate();
  const behaviours = new Map<string, Behaviour>();
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer({ key, cert, keepAliveTimeout: 30_000 }, (req, res) => {
    const name = decodeURIComponent((req.url ?? '').replace(/^\/push\//, ''));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (options.record !== false)
        received.push({ name, at: Date.now(), headers: req.headers, body: Buffer.concat(chunks) });
      const behaviour = behaviours.get(name) ?? 'ok';
      if (behaviour === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(behaviour === 'ok' ? 201 : Number(behaviour), { 'content-length': '0' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    ca: cert,
    received,
    endpoint: (name) => `${origin}/push/${encodeURIComponent(name)}`,
    behave: (name, behaviour) => void behaviours.set(name, behaviour),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A stand-in browser's push keys: what it would put in its subscription, and its side of the decryption. */
export interface BrowserKeys {
  p256dh: string;
  auth: string;
  decrypt(body: Buffer): string;
}

export function browserKeys(): BrowserKeys {
  const ecdh: ECDH = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: auth.toString('base64url'),
    decrypt: (body) => decryptAes128gcm(body, ecdh, auth),
  };
}

/**
 * RFC 8188 framing with RFC 8291 keys. Header: salt(16) rs(4) idlen(1) keyid(idlen = the sender's public key).
 * IKM = HKDF(salt = auth, ECDH(ua_private, as_public), "WebPush: info\0" ua_public as_public, 32);
 * CEK = HKDF(salt, IKM, "Content-Encoding: aes128gcm\0", 16); NONCE = HKDF(salt, IKM, "Content-Encoding: nonce\0", 12).
 * One record: AES-128-GCM, tag in the last 16 bytes, plaintext then the delimiter 0x02 and zero padding.
 */
export function decryptAes128gcm(body: Buffer, ua: ECDH, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (idlen !== 65 || record.length > rs)
    throw new Error(`push service: unexpected framing (idlen ${idlen}, rs ${rs}, record ${record.length})`);
  const shared = ua.computeSecret(asPublic);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), ua.getPublicKey(), asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('push service: last record lacks the 0x02 delimiter');
  return plain.subarray(0, end).toString('utf8');
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292): ES256 under k, for this audience, not expired. */
export function checkVapid(
  authorization: string | undefined,
  audience: string,
): { sub: string; exp: number; key: string } {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`push service: Authorization "${authorization}" is not vapid t=…, k=…`);
  const [, head, claims, sig, key] = m as unknown as [string, string, string, string, string];
  const point = Buffer.from(key, 'base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
  const publicKey = { key: jwk, format: 'jwk', dsaEncoding: 'ieee-p1363' } as const;
  if (!verify('sha256', Buffer.from(`${head}.${claims}`), publicKey, Buffer.from(sig, 'base64url')))
    throw new Error('push service: VAPID signature does not verify');
  const c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  if (c.aud !== audience) throw new Error(`push service: VAPID aud ${c.aud} is not ${audience}`);
  const now = Date.now() / 1000;
  if (!(c.exp > now && c.exp <= now + 24 * 3600))
    throw new Error(`push service: VAPID exp ${c.exp} is not within 24 hours`);
  return { sub: c.sub, exp: c.exp, key };
}
