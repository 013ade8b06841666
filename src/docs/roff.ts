// roff for the generated man pages: escaping free prose so it is never read as a request or an
// escape, folding long lines, and the pieces every page shares.

const GENERATED =
  '.\\" Generated from lmo/*.json by src/docs/write-man-pages.ts: do not edit, run `npm run man`.';

// ---- Escaping: LMO text is free prose and must never be read as roff requests or escapes. ----

/** Backslash is roff's escape character; a '-' that is not a hyphen inside a word is a minus. */
function escapeChars(s: string): string {
  return s
    .replace(/\\/g, '\\e')
    .replace(/\t/g, ' ')
    .replace(/(?<![A-Za-z0-9])-/g, '\\-');
}

/** A line beginning with '.' or "'" would be a request: \& (a zero-width character) disarms it. */
function protectLine(line: string): string {
  return /^['.]/.test(line) ? `\\&${line}` : line;
}

/**
 * Prose as roff text lines: one sentence per line (mdoc's rule, which also lets roff space
 * sentences properly), no blank or indented lines (those would break the filled paragraph).
 */
export function roffText(s: string): string {
  return escapeChars(s)
    .replace(/([.?!]\)?) +(?=[A-Z])/g, '$1\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map(protectLine)
    .join('\n');
}

/** Code for a literal display: every '-' is a minus, as it is typed, and spacing is kept. */
export function roffLiteral(s: string): string {
  return s
    .split('\n')
    .map((l) => protectLine(l.replace(/\\/g, '\\e').replace(/-/g, '\\-').replace(/\s+$/, '')))
    .join('\n');
}

/**
 * Words for the arguments of an mdoc macro line. There a lone delimiter such as "(" or "," and a
 * word spelled like a macro (No, Ns, Pa…) have a meaning of their own; \& makes them plain words.
 */
export function mdocArgs(s: string): string {
  return s
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => escapeChars(w).replace(/"/g, '\\(dq'))
    .map((w) => (/^([()[\].,:;?!|]|[A-Z][a-z]{1,2}|%[A-Z])$/.test(w) ? `\\&${w}` : w))
    .join(' ');
}

/**
 * Folds the text lines of a page to 80 columns (mandoc's style), which changes nothing in filled
 * text. Lines of literal displays keep their layout, and no line is broken after a word ending in
 * '.', '?' or '!', where roff would see the end of a sentence.
 */
export function foldPage(page: string, width = 80): string {
  let literal = false;
  return page
    .split('\n')
    .flatMap((line) => {
      if (line.startsWith('.Bd -literal')) literal = true;
      if (line.startsWith('.Ed')) literal = false;
      if (literal || line.startsWith('.') || line.length <= width) return [line];
      const out: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (cur !== '' && cur.length + 1 + word.length > width && !/[.?!]["')]*$/.test(cur)) {
          out.push(cur);
          cur = protectLine(word);
        } else {
          cur = cur === '' ? word : `${cur} ${word}`;
        }
      }
      return [...out, cur];
    })
    .join('\n');
}

// ---- Pieces shared by the pages. ----

/** The first sentence of an LMO description, lower-cased like an Nd (unless it opens on an acronym). */

export function prologue(title: string, version: string, date: string): string[] {
  return [GENERATED, `.Dd ${date}`, `.Dt ${title.toUpperCase()} 1`, `.Os sdr ${version}`];
}

export function example(code: string): string[] {
  return ['.Bd -literal -offset indent', roffLiteral(code), '.Ed'];
}
