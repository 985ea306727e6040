// The editor in the browser: the body (body.ts), and either an article's fields (article.ts) and its side column
// (insights.ts, entities.ts) or a standing page's title (page.ts). Bundled by ../bundle.ts; staff pages only.
import { articleFields, articleReady, articleWriter, value } from './article.ts';
import { bodyEditor } from './body.ts';
import { entityPanel } from './entities.ts';
import { speechInsight } from './insights.ts';
import { data } from './net.ts';
import { pageFields, pageReady, pageWriter } from './page.ts';
import { saver, type Saver } from './saving.ts';

let speechSoon = () => {};
// The body reports changes only once someone edits, by which time `saving` exists.
const view = bodyEditor((docChanged) => {
  if (docChanged) saving.changed();
  speechSoon();
});
const saving: Saver = data.page
  ? saver(pageWriter(view), pageReady)
  : saver(
      articleWriter(view, () => saving),
      articleReady(view),
    );
if (data.page) pageFields(saving);
else {
  articleFields(saving);
  speechSoon = speechInsight(view, () => value('f-language'));
  entityPanel();
}
