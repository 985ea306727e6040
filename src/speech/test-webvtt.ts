// A strict WebVTT reader for tests (no npm parser we found is maintained): the file signature, then blocks
// separated by one blank line, each an optional identifier, a timing line and at least one line of text. Times
// must be hh:mm:ss.ttt (or mm:ss.ttt), start ≤ end, cues in start order; text may hold no "-->" and no raw "<"
// or "&" outside the entities &lt; &gt; &amp;. Anything else throws, naming the line.

export interface Cue {
  id: string | undefined;
  startMs: number;
  endMs: number;
  text: string;
}

const TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

function ms(time: string, line: number): number {
  const m = TIME.exec(time);
  if (!m) throw new Error(`webvtt: line ${line}: bad timestamp "${time}"`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

function decode(text: string, line: number): string {
  if (text.includes('-->')) throw new Error(`webvtt: line ${line}: "-->" in cue text`);
  if (text.includes('<')) throw new Error(`webvtt: line ${line}: markup in cue text`);
  const stripped = text.replace(/&(?:amp|lt|gt);/g, '');
  if (stripped.includes('&')) throw new Error(`webvtt: line ${line}: a bare "&" in cue text`);
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function parseWebVtt(file: string): Cue[] {
  if (file.includes('\r')) throw new Error('webvtt: carriage returns');
  const lines = file.split('\n');
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new Error('webvtt: line 1: no "WEBVTT" signature');
  if (lines[1] !== '') throw new Error('webvtt: line 2: the header must end with a blank line');
  const cues: Cue[] = [];
  let i = 2;
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
      continue;
    }
    const block: string[] = [];
    const first = i + 1;
    while (i < lines.length && lines[i] !== '') block.push(lines[i++]!);
    const timingAt = block[0]!.includes('-->') ? 0 : 1;
    const timing = block[timingAt];
    const m = timing === undefined ? null : /^(\S+) --> (\S+)$/.exec(timing);
    if (!m) throw new Error(`webvtt: line ${first + timingAt}: no timing line`);
    const startMs = ms(m[1]!, first + timingAt);
    const endMs = ms(m[2]!, first + timingAt);
    if (endMs < startMs) throw new Error(`webvtt: line ${first + timingAt}: the cue ends before it starts`);
    if (cues.length && startMs < cues.at(-1)!.startMs)
      throw new Error(`webvtt: line ${first + timingAt}: cues out of order`);
    const text = block.slice(timingAt + 1);
    if (text.length === 0) throw new Error(`webvtt: line ${first}: a cue without text`);
    cues.push({
      id: timingAt ? block[0] : undefined,
      startMs,
      endMs,
      text: text.map((t, k) => decode(t, first + timingAt + 1 + k)).join('\n'),
    });
  }
  return cues;
}
