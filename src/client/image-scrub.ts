/**
 * Takes image data out of text a server sent, in one pass over it (time linear in its length,
 * whatever its shape). Loaded with the error paths, never by a call that succeeds.
 *
 * Image data is:
 * - a `data:` URI whose parameters (at most 200 characters, any of them) end in `;base64`: its
 *   payload is replaced;
 * - a run of 200 or more base64 characters that holds a `+` or a line break, or any such run of
 *   1000 or more. A shorter run of letters, digits and `/` alone (a long id, a path) is kept.
 *
 * Base64 may be wrapped in lines, with spaces next to the line breaks (a space alone ends it).
 * Line breaks count as real ones or as JSON escapes (`\r`, `\n`, escaped once or more), `\/` as
 * a `/`, and `%2B`, `%2F` and `%3D` as what they encode, so that an image in JSON text that could
 * not be parsed (a truncated answer) or in a URL is found too.
 */

export const IMAGE_MARKER = "[image data]";

const RUN = 1; // base64, standard or URL-safe, and padding
const START = 2; // may start a run: not padding
const BREAK = 4; // a line break
const SPACE = 8; // a space or a tab
const PLUS = 16; // a + (which ids and paths do not hold)
const WIDTH = 256; // how many characters spell it, times WIDTH

const KIND = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (/[A-Za-z0-9/_-]/.test(String.fromCharCode(code))) KIND[code] = RUN | START;
}
KIND[43] = RUN | START | PLUS; // +
KIND[61] = RUN; // =
KIND[10] = BREAK;
KIND[13] = BREAK;
KIND[32] = SPACE;
KIND[9] = SPACE;

const LONGEST_PARAMETERS = 200;
const SHORTEST_RUN = 200;
const ALWAYS_DATA = 1000;

/**
 * What the characters at `at` spell: a RUN, BREAK or SPACE, plus how many characters spell it
 * times WIDTH (see `width`); 0 for anything else.
 */
function step(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 128 && KIND[code]) return (KIND[code] as number) | WIDTH;
  if (code === 92) {
    // \n, \r or \/, escaped once or more (JSON in JSON)
    let next = at + 1;
    while (text.charCodeAt(next) === 92) next++;
    const escaped = text.charCodeAt(next);
    const kind = escaped === 110 || escaped === 114 ? BREAK : escaped === 47 ? RUN | START : 0;
    return kind && kind | ((next + 1 - at) * WIDTH);
  }
  if (code === 37) {
    // %2B, %2F, %3D
    const pair = text.slice(at + 1, at + 3).toUpperCase();
    const kind = pair === "2B" ? RUN | START | PLUS : pair === "2F" ? RUN | START : pair === "3D" ? RUN : 0;
    return kind && kind | (3 * WIDTH);
  }
  return 0;
}

const width = (kind: number) => Math.floor(kind / WIDTH) || 1;

/**
 * Where a run of base64 (with line breaks) starting at `from` ends, without trailing line breaks
 * or spaces, and without a `data` that starts a URI of its own; `marked` says whether it holds
 * a `+` or a line break within it.
 */
function runEnd(text: string, from: number): { end: number; marked: boolean } {
  let at = from;
  let end = from;
  let marked = false;
  let sawBreak = false;
  // Where the stretch since the last line break began, and what the run was before it.
  let stretch = from;
  let before = { end: from, marked: false };
  for (;;) {
    const kind = step(text, at);
    if (kind & RUN) {
      if (sawBreak) {
        before = { end, marked };
        stretch = at;
        marked = true;
      }
      if (kind & PLUS) marked = true;
      at += width(kind);
      end = at;
      sawBreak = false;
      continue;
    }
    if (kind & BREAK) {
      sawBreak = true;
      at += width(kind);
      continue;
    }
    if (kind & SPACE) {
      // Spaces belong to the run only around a line break: a space alone ends it.
      let ahead = at;
      let breaks = sawBreak;
      for (let k = step(text, ahead); k & (SPACE | BREAK); k = step(text, ahead)) {
        if (k & BREAK) breaks = true;
        ahead += width(k);
      }
      if (breaks && step(text, ahead) & RUN) {
        sawBreak = true;
        at = ahead;
        continue;
      }
    }
    // A run that ends in "data" before a colon leaves that URI to be looked at on its own.
    if (!sawBreak && text.charCodeAt(end) === 58 && end - 4 >= stretch && spells(text, end - 4, "data")) {
      return end - 4 > stretch ? { end: end - 4, marked } : before;
    }
    return { end, marked };
  }
}

/** Whether `text` spells `word` (lower case) at `at`, in any case. */
function spells(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(at + i) | 32) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** The text with every image it holds replaced by `[image data]`. */
export function scrubImages(text: string): string {
  let out = "";
  let kept = 0;
  // The first comma at or after the `data:` being looked at (the text's length when there is
  // none): it only moves forward, so that the text is searched for commas once in all.
  let comma = -1;
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if ((code | 32) === 100 && spells(text, at, "data:")) {
      if (comma < at) {
        comma = text.indexOf(",", at);
        if (comma < 0) comma = text.length;
      }
      const parameters = comma - at - 5;
      if (
        comma < text.length &&
        parameters >= 7 &&
        parameters <= LONGEST_PARAMETERS &&
        spells(text, comma - 7, ";base64")
      ) {
        const { end } = runEnd(text, comma + 1);
        out += `${text.slice(kept, at)}${IMAGE_MARKER}`;
        kept = at = end;
        continue;
      }
      // Not an image: "data" before a colon is too short a run to be one.
      at += 5;
      continue;
    }
    const kind = step(text, at);
    if (!(kind & START)) {
      at += kind ? width(kind) : 1;
      continue;
    }
    const { end, marked } = runEnd(text, at);
    if (end - at >= SHORTEST_RUN && (marked || end - at >= ALWAYS_DATA)) {
      out += `${text.slice(kept, at)}${IMAGE_MARKER}`;
      kept = end;
    }
    at = end > at ? end : at + 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}
