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
 * a `/`, and `\u002B`, `%2B` or `&#43;` (and the same for `/`, `=` and line breaks: `\u000A`,
 * `%0D%0A`, `&#10;`) as what they encode, so that an image in JSON text that could
 * not be parsed (a truncated answer) or in a URL is found too.
 */

export const IMAGE_MARKER = "[image data]";

const RUN = 1; // base64, standard or URL-safe, and padding
const START = 2; // may start a run: not padding
const BREAK = 4; // a line break
const SPACE = 8; // a space or a tab
const PLUS = 16; // a + (which ids and paths do not hold)
const SKIP = 32; // backslashes before an escape that is none of the above: passed over whole
const WIDTH = 256; // how many characters spell it, times WIDTH

/** What each ASCII character spells on its own, one character wide. */
const KIND = new Uint16Array(128);
for (let code = 0; code < 128; code++) {
  if (/[A-Za-z0-9/_-]/.test(String.fromCharCode(code))) KIND[code] = RUN | START | WIDTH;
}
KIND[43] = RUN | START | PLUS | WIDTH; // +
KIND[61] = RUN | WIDTH; // =
KIND[10] = BREAK | WIDTH;
KIND[13] = BREAK | WIDTH;
KIND[32] = SPACE | WIDTH;
KIND[9] = SPACE | WIDTH;

const LONGEST_PARAMETERS = 200;
const SHORTEST_RUN = 200;
const ALWAYS_DATA = 1000;

/**
 * What the characters at `at` spell: a RUN, BREAK or SPACE, plus how many characters spell it
 * times WIDTH (see `width`); 0 for anything else.
 */
function step(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 128 && KIND[code]) return KIND[code] as number;
  if (code === 92) {
    // \n, \r, \/ or \u002B, \u002F, \u003D, escaped once or more (JSON in JSON)
    let next = at + 1;
    while (text.charCodeAt(next) === 92) next++;
    const escaped = text.charCodeAt(next);
    if (escaped === 117) {
      const kind = encoded(text.slice(next + 1, next + 5).toUpperCase());
      if (kind) return kind | ((next + 5 - at) * WIDTH);
    }
    const kind = escaped === 110 || escaped === 114 ? BREAK : escaped === 47 ? RUN | START : 0;
    // Any other escape: the backslashes are passed over whole, so that each is looked at once.
    return kind ? kind | ((next + 1 - at) * WIDTH) : SKIP | ((next - at) * WIDTH);
  }
  if (code === 37) {
    // %2B, %2F, %3D
    const kind = encoded(`00${text.slice(at + 1, at + 3).toUpperCase()}`);
    return kind && kind | (3 * WIDTH);
  }
  if (code === 38) {
    // &#43; &#x2B; &#47; &#x2F; &#61; &#x3D; (HTML)
    let semicolon = at + 2;
    while (semicolon < at + 7 && text.charCodeAt(semicolon) !== 59) semicolon++;
    if (text.charCodeAt(semicolon) !== 59) return 0;
    const entity = text.slice(at + 2, semicolon).toUpperCase();
    if (text.charCodeAt(at + 1) !== 35) return 0;
    const value = entity.startsWith("X") ? Number.parseInt(entity.slice(1), 16) : Number.parseInt(entity, 10);
    const kind = Number.isNaN(value) ? 0 : encoded(value.toString(16).toUpperCase().padStart(4, "0"));
    return kind && kind | ((semicolon + 1 - at) * WIDTH);
  }
  return 0;
}

/** What a character given by its four hex digits spells, when base64 or its line breaks use it. */
function encoded(hex: string): number {
  if (hex === "000A" || hex === "000D") return BREAK;
  return hex === "002B" ? RUN | START | PLUS : hex === "002F" ? RUN | START : hex === "003D" ? RUN : 0;
}

const width = (kind: number) => kind >>> 8 || 1;

/**
 * Where a run of base64 (with line breaks) starting at `from` ends, without trailing line breaks
 * or spaces, and without a `data` that starts a URI of its own, times 2, plus 1 when it holds a
 * `+` or a line break within it (two numbers in one, so that the hot loop allocates nothing).
 */
function runEnd(text: string, from: number): number {
  let at = from;
  let end = from;
  let marked = 0;
  let sawBreak = false;
  // Where the stretch since the last line break began, and what the run was before it.
  let stretch = from;
  let before = from * 2;
  for (;;) {
    const kind = step(text, at);
    if (kind & RUN) {
      if (sawBreak) {
        before = end * 2 + marked;
        stretch = at;
        marked = 1;
        sawBreak = false;
      }
      if (kind & PLUS) marked = 1;
      at += width(kind);
      end = at;
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
    if (text.charCodeAt(end) === 58 && end - 4 >= stretch && spells(text, end - 4, "data")) {
      return end - 4 > stretch ? (end - 4) * 2 + marked : before;
    }
    return end * 2 + marked;
  }
}

/**
 * The common case, cheaply: where the run at `at` ends when it is one of plain characters,
 * shorter than image data, ended by a character that cannot carry it on; otherwise -1.
 */
function shortRunEnd(text: string, at: number): number {
  let end = at;
  let code = text.charCodeAt(end);
  while (end - at < SHORTEST_RUN && code < 128 && (KIND[code] as number) & RUN) code = text.charCodeAt(++end);
  if (
    end - at >= SHORTEST_RUN ||
    code === 92 ||
    code === 37 ||
    code === 38 ||
    code === 58 ||
    code === 10 ||
    code === 13
  )
    return -1;
  // A space carries a run on only next to a line break.
  if (code === 32 || code === 9) {
    const next = text.charCodeAt(end + 1);
    if (next === 32 || next === 9 || next === 10 || next === 13 || next === 92) return -1;
  }
  return end;
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
        out += `${text.slice(kept, at)}${IMAGE_MARKER}`;
        kept = at = Math.floor(runEnd(text, comma + 1) / 2);
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
    const short = shortRunEnd(text, at);
    if (short >= 0) {
      at = short;
      continue;
    }
    const found = runEnd(text, at);
    const end = Math.floor(found / 2);
    if (end - at >= SHORTEST_RUN && (found % 2 === 1 || end - at >= ALWAYS_DATA)) {
      out += `${text.slice(kept, at)}${IMAGE_MARKER}`;
      kept = end;
    }
    at = end > at ? end : at + 1;
  }
  return kept === 0 ? text : out + text.slice(kept);
}
