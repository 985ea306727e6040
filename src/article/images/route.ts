// Serving image variants. A variant's URL names the image's bytes and focal point (its id) and the variant, so
// its content never changes: a strong ETag and a year of immutable caching.
import { pipeline } from 'node:stream/promises';
import type { FileStore } from '../../store/files.ts';
import { SECURITY_HEADERS } from '../../web/http.ts';
import type { Route } from '../../web/server.ts';
import { variantKey } from './store.ts';
import type { OutputFormat, Shape } from './variants.ts';

export function imageRoutes(files: FileStore): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/bilder\/([0-9a-f]{32})\/(full|16x9|1x1|og)-([1-9]\d{0,3})\.(avif|webp|jpg)$/,
      async handle({ req, res, params }) {
        const [id, shape, width, ext] = params as [string, Shape, string, string];
        const format: OutputFormat = ext === 'jpg' ? 'jpeg' : (ext as OutputFormat);
        const key = variantKey(id, { shape, width: Number(width) }, format);
        const size = await files.size(key);
        if (size === undefined) return undefined;
        const etag = `"${id}-${shape}-${width}-${format}"`;
        const headers = {
          ...SECURITY_HEADERS,
          'content-type': `image/${format}`,
          etag,
          'cache-control': 'public, max-age=31536000, immutable',
        };
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers).end();
          return 'handled';
        }
        res.writeHead(200, { ...headers, 'content-length': String(size) });
        if (req.method === 'HEAD') res.end();
        else await pipeline(files.read(key), res).catch(() => res.destroy());
        return 'handled';
      },
    },
  ];
}
