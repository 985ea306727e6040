// What every part of the editor's script shares: the page's data (the form token, the strings), element lookup
// and JSON posts carrying the token in a header.

export interface EditorData {
  id: string | null;
  /** A standing page's slug (the page editor); absent for an article. */
  page?: string;
  version: number;
  csrf: string;
  doc: unknown;
  strings: Record<string, string>;
}

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
export const data = JSON.parse($('editor-data').textContent) as EditorData;
export const s = data.strings;

export function post(path: string, body: BodyInit, type = 'application/json'): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    body,
    headers: { 'content-type': type, accept: 'application/json', 'x-csrf-token': data.csrf },
    credentials: 'same-origin',
  });
}

export interface Answer {
  ok: boolean;
  message?: string;
}

/** A JSON answer; one that is not JSON (a proxy's error page) reads as a refusal with its status. */
export async function answerOf<T extends Answer>(r: Response): Promise<T> {
  try {
    return (await r.json()) as T;
  } catch {
    return { ok: false, message: `HTTP ${r.status}` } as T;
  }
}

/** The one line under the bar that says what went wrong (or nothing), with a link when there is one to follow. */
export function problem(message: string | undefined, link?: { href: string; text: string }): void {
  const box = $('save-problem');
  box.hidden = !message;
  box.textContent = message ?? '';
  if (message && link) {
    const a = document.createElement('a');
    a.href = link.href;
    a.target = '_blank';
    a.textContent = link.text;
    box.append(' ', a);
  }
}

/** Uploads an image file through the lead image's route; its id and editor address, or undefined (shown). */
export async function uploadImage(file: File): Promise<{ id: string; src: string } | undefined> {
  const r = await post('/redaktion/bilder', file, file.type || 'application/octet-stream');
  const answer = await answerOf<Answer & { id?: string; src?: string }>(r);
  if (!answer.ok) {
    problem(answer.message);
    return undefined;
  }
  problem(undefined);
  return { id: answer.id!, src: answer.src! };
}
