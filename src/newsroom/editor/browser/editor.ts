// The editor in the browser: the body (body.ts), the article's fields (article.ts) and its side column
// (insights.ts, entities.ts). Bundled by ../bundle.ts; staff pages only.
import { articleFields, articleReady, articleWriter, value } from './article.ts';
import { bodyEditor } from './body.ts';
import { entityPanel } from './entities.ts';
import { speechInsight } from './insights.ts';
import { saver, type Saver } from './saving.ts';

let speechSoon = () => {};
// The body reports changes only once someone edits, by which time `saving` exists.
const view = bodyEditor((docChanged) => {
  if (docChanged) saving.changed();
  speechSoon();
});
const saving: Saver = saver(
  articleWriter(view, () => saving),
  articleReady(view),
);
articleFields(saving);
speechSoon = speechInsight(view, () => value('f-language'));
entityPanel();
