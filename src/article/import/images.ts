// Storing the images an import names, before its article is saved: a refused image refuses the article with
// the image's reason. Images already stored stay (they are complete, and the next import reuses them).
import { dirname, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { FileStore } from '../../store/files.ts';
import type { Database } from '../../store/schema.ts';
import { ImageError, ingestImage, readImageFile } from '../images/index.ts';
import type { ArticleInput, Block, Figure, ImageFile, ImageRef } from '../model.ts';
import { InputError } from './errors.ts';

export async function storeImages(
  input: ArticleInput<ImageFile>,
  articlePath: string,
  db: Kysely<Database>,
  files: FileStore | undefined,
): Promise<ArticleInput> {
  const store = async (figure: Figure<ImageFile>): Promise<Figure> => {
    if (!files) throw new InputError('this import cannot store images (no file store given)');
    const path = resolve(dirname(articlePath), figure.image.file);
    try {
      const bytes = await readImageFile(path);
      const image = await ingestImage(db, files, { bytes, name: figure.image.file, focal: figure.image.focal });
      const ref: ImageRef = {
        id: image.id,
        width: image.width,
        height: image.height,
        focal: image.focal,
        shareBytes: image.shareBytes,
      };
      return { ...figure, image: ref };
    } catch (err) {
      if (err instanceof ImageError) throw new InputError(err.message.replace(/^images: /, 'image: '));
      throw err;
    }
  };
  const body: Block[] = [];
  for (const b of input.body) body.push(b.type === 'image' ? { ...(await store(b)), type: 'image' } : b);
  const { leadImage, ...rest } = input;
  return { ...rest, body, ...(leadImage ? { leadImage: await store(leadImage) } : {}) };
}
