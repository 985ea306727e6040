// The side column's "what Blattwerk makes of it": the paragraph at the cursor as Vorlesen will say it, and a
// button to hear it in the configured voice (made on the server, played here from the answer's bytes).
import type { EditorView } from 'prosemirror-view';
import { $, answerOf, post, s, type Answer } from './net.ts';

export function speechInsight(view: EditorView, language: () => string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let spokenFor = '';
  const hear = $<HTMLButtonElement>('hear');
  const player = $<HTMLAudioElement>('hear-audio');
  const textAtCursor = () => {
    const block = view.state.selection.$from.parent;
    return block.isTextblock ? block.textContent : '';
  };

  async function show(): Promise<void> {
    const text = textAtCursor();
    if (text === spokenFor) return;
    spokenFor = text;
    const out = $('speech-text');
    hear.disabled = !text.trim();
    if (!text.trim()) {
      out.textContent = s.speechHint!;
      return;
    }
    const r = await post('/redaktion/artikel/sprechtext', JSON.stringify({ text, language: language() }));
    const answer = await answerOf<Answer & { spoken?: string[] }>(r);
    if (answer.ok && spokenFor === text) out.textContent = answer.spoken!.join(' ');
  }

  hear.addEventListener('click', () => void listen());
  async function listen(): Promise<void> {
    const status = $('hear-status');
    status.textContent = s.hearMaking!;
    hear.disabled = true;
    try {
      const r = await post('/redaktion/artikel/anhoeren', JSON.stringify({ text: spokenFor, language: language() }));
      if (r.headers.get('content-type') !== 'audio/mpeg') {
        status.textContent = (await answerOf(r)).message ?? '';
        return;
      }
      if (player.src) URL.revokeObjectURL(player.src);
      player.src = URL.createObjectURL(await r.blob());
      player.hidden = false;
      status.textContent = '';
      await player.play().catch(() => undefined);
    } finally {
      hear.disabled = !spokenFor.trim();
    }
  }

  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => void show(), 700);
  };
}
