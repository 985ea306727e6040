// The FileStore on any S3 API (AWS, MinIO, Garage, Ceph), for sites on several machines: every process reads what
// any other wrote. A PUT becomes visible whole or not at all, which gives the local store's temp-and-rename
// guarantee for free. The web process streams objects itself (with Range) rather than redirecting to signed URLs:
// reader pages make no request to another host, and the CSP stays 'self'.
import { PassThrough, Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import type { FileStore } from './files.ts';

export interface S3Location {
  /** The service's origin, e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys under this folder only, so one bucket can hold several sites. */
  prefix: string;
  /** Bucket as a host name (AWS's preferred form) instead of the first path segment (MinIO, Garage, Ceph). */
  virtualHosted: boolean;
}

/**
 * Reads BLATTWERK_S3_URL: `https://KEY:SECRET@host[:port]/bucket[/prefix][?region=…&style=virtual]`.
 * One URL (which may come from a _FILE) keeps the secret in one place.
 */
export function parseS3Url(text: string): S3Location {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('config: BLATTWERK_S3_URL is not a URL (https://KEY:SECRET@host/bucket)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error('config: BLATTWERK_S3_URL must start with https:// (or http:// for a server on this network)');
  const [bucket, ...prefix] = url.pathname.split('/').filter(Boolean);
  if (!bucket) throw new Error('config: BLATTWERK_S3_URL names no bucket (https://KEY:SECRET@host/bucket)');
  if (!url.username || !url.password)
    throw new Error('config: BLATTWERK_S3_URL needs the access key and secret (https://KEY:SECRET@host/bucket)');
  const style = url.searchParams.get('style') ?? 'path';
  if (style !== 'path' && style !== 'virtual')
    throw new Error(`config: BLATTWERK_S3_URL style "${style}" must be path or virtual`);
  return {
    endpoint: url.origin,
    bucket,
    region: url.searchParams.get('region') ?? 'us-east-1',
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
    prefix: prefix.length ? `${prefix.join('/')}/` : '',
    virtualHosted: style === 'virtual',
  };
}

export function s3Files(at: S3Location): FileStore {
  const client = new S3Client({
    endpoint: at.endpoint,
    region: at.region,
    forcePathStyle: !at.virtualHosted,
    credentials: { accessKeyId: at.accessKeyId, secretAccessKey: at.secretAccessKey },
    // Checksums only where S3 requires them: several S3-compatible servers refuse the SDK's default CRC headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = at.bucket;
  const name = (key: string) => {
    // The same keys as the local store accepts, so a site can move between the two.
    if (key.includes('\0') || key.split('/').some((part) => part === '..' || part === '.' || part === ''))
      throw new Error(`files: key "${key}" leaves the data directory`);
    return at.prefix + key;
  };

  async function* listed(Prefix: string, Delimiter?: string): AsyncGenerator<ListObjectsV2CommandOutput> {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix, Delimiter, ContinuationToken }));
      yield page;
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  return {
    async put(key, bytes) {
      try {
        await client.send(new PutObjectCommand({ Bucket, Key: name(key), Body: bytes, ContentLength: bytes.length }));
      } catch (err) {
        throw new Error(`files: cannot write ${key}: ${(err as Error).message}`, { cause: err });
      }
    },
    async size(key) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket, Key: name(key) }))).ContentLength;
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
    },
    read(key, range) {
      const out = new PassThrough();
      const Key = name(key);
      client
        .send(new GetObjectCommand({ Bucket, Key, Range: range && `bytes=${range.start}-${range.end}` }))
        .then(({ Body }) => {
          if (!(Body instanceof Readable)) throw new Error(`files: ${key} came back without a body`);
          Body.on('error', (err) => out.destroy(err)).pipe(out);
        })
        .catch((err: unknown) => out.destroy(err as Error));
      return out;
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: name(key) }));
    },
    async list(folder) {
      const Prefix = `${name(folder)}/`;
      const names: string[] = [];
      for await (const page of listed(Prefix, '/'))
        for (const o of page.Contents ?? []) if (o.Key) names.push(o.Key.slice(Prefix.length));
      return names;
    },
    async keys() {
      const keys: string[] = [];
      for await (const page of listed(at.prefix))
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(at.prefix.length));
      return keys.sort();
    },
  };
}

function missing(err: unknown): boolean {
  return err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NotFound');
}
