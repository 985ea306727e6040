// The editor in the browser: the body (body.ts) and either an article's fields and side column (article.ts,
// insights.ts) or a standing page's title (page.ts). Bundled by ../bundle.ts; staff pages only.
import { articleFields, articleReady, articleWriter, value } from './article.ts';
import { bodyEditor } from './body.ts';
import { entityPanel } from './entities.ts';
import { speechInsight } from './insights.ts';
import { data } from './net.ts';
import { pageFields } from './page.ts';
import { saver, type Saver } from './saving.ts';

let speechSoon = () => {};
let saving: Saver | undefined;
const view = bodyEditor((docChanged) => {
  if (docChanged) saving?.changed();
  speechSoon();
});

if (data.kind === 'page') saving = pageFields(view);
else {
  saving = saver(
    articleWriter(view, () => saving!),
    articleReady(view),
  );
  articleFields(saving);
  speechSoon = speechInsight(view, () => value('f-language'));
  entityPanel();
}
