// Saving, for articles and pages alike: a change marks the text unsaved and saves it a few seconds later
// (autosave), Strg+S and the Save button save at once, one save at a time, and leaving with unsaved text asks.
import { $, s } from './net.ts';

export interface Saver {
  /** Something changed: mark unsaved and save soon. */
  changed(): void;
  save(): Promise<void>;
  readonly dirty: boolean;
}

/**
 * `write` sends the text and says whether it was taken; `ready` says whether autosave may go (a headline, no
 * picture without alt text), so an unfinished text is not refused every few seconds.
 */
export function saver(write: () => Promise<boolean>, ready: () => boolean): Saver {
  let dirty = false;
  let saving: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const setState = (text: string) => ($('save-state').textContent = text);

  async function run(): Promise<void> {
    setState(s.saving!);
    dirty = false;
    const ok = await write();
    if (!ok) dirty = true;
    setState(dirty ? s.unsaved! : s.saved!);
  }
  const self: Saver = {
    get dirty() {
      return dirty;
    },
    changed() {
      dirty = true;
      setState(s.unsaved!);
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (ready()) void self.save();
      }, 4000);
    },
    save() {
      clearTimeout(timer);
      saving ??= run().finally(() => (saving = undefined));
      return saving;
    },
  };
  $('save').addEventListener('click', () => void self.save());
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') {
      e.preventDefault();
      void self.save();
    }
  });
  window.addEventListener('beforeunload', (e) => {
    if (dirty) e.preventDefault();
  });
  return self;
}
