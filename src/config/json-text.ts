// JSON.parse of a file that may hold a secret. V8's messages quote the text around a fault
// ("Unexpected token ']', "…token": "abc…" is not valid JSON"), which would print a token to the
// terminal or the journal: the fault is told by its line and column instead, never by its text.

/** The parsed document; SyntaxError with a message that quotes nothing of the text. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(describeJsonFault((err as Error).message, text));
  }
}

/** "Expected ',' or '}' after property value in JSON at position 52" -> "… at line 2, column 41". */
export function describeJsonFault(message: string, text: string): string {
  const at = /^(.*?) in JSON at position (\d+)/.exec(message);
  if (at !== null) {
    const position = Number(at[2]);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    return `${lowerFirst(at[1])} at line ${line}, column ${column}`;
  }
  if (/^Unexpected end of JSON input/.test(message)) return 'it ends before the JSON does (a brace or bracket left open?)';
  // "Unexpected token 'x', "…" is not valid JSON": the character may be a token's, so not even it.
  if (/^Unexpected token/.test(message)) return 'an unexpected character (a quote, comma or brace out of place?)';
  return 'cannot be parsed';
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
