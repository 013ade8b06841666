// Help is prose that commander wraps at 80 columns: a line break typed into a description shows
// as a line cut short in the middle of a sentence.
import { sdr } from './sdr.js';

const commands = ['sysrec', 'cpurec', 'diskrec', 'nicrec', 'hdwrec', 'xenrec', 'send', 'run', 'collect', 'lmo', 'doctor', 'report'];

/** The description paragraphs of a command's help: between the usage line and the first section. */
function description(help: string): string[] {
  const lines = help.split('\n');
  const end = lines.findIndex((l, i) => i > 0 && /^(Arguments|Options|Commands):$/.test(l));
  return lines.slice(1, end < 0 ? undefined : end);
}

test('sdr --help lists every command the test covers', () => {
  const listed = [...sdr(['--help']).stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
  expect(listed.filter((c) => c !== 'help').sort()).toEqual([...commands].sort());
});

test.each(commands)('sdr %s --help: no line of its description is cut before the width allows', (command) => {
  const r = sdr([command, '--help']);
  expect(r.status).toBe(0);
  const text = description(r.stdout);
  expect(text.join(' ').trim()).not.toBe('');
  const cut = text.flatMap((line, i) => {
    const next = text[i + 1];
    if (line.trim() === '' || next === undefined || next.trim() === '') return [];
    // Wrapped at 80, the next line's first word would not have fitted on this one.
    const word = next.trim().split(/\s+/)[0];
    return line.length + 1 + word.length <= 80 ? [`${line} / ${next}`] : [];
  });
  expect(cut).toEqual([]);
});
