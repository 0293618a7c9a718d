// Mixed-script and whole-script-confusable detection on the Unicode form of a domain label, after UTS #39
// ("Highly Restrictive" without Latin+CJK). A label that fails is never government: the government match is
// on the ASCII form, but a lookalike subdomain under a listed domain must still not be trusted at a glance.

// Scripts named explicitly; letters of any other script share the bucket "Other".
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Nko',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Georgian',
  'Hangul',
  'Ethiopic',
  'Cherokee',
  'Khmer',
  'Mongolian',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
  'Tai_Viet',
].map((name) => ({ name, re: new RegExp(`^\\p{Script=${name}}$`, 'u') }));

// Digits, '-', and combining marks that attach to any script do not count towards a mix.
const SCRIPT_NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

// Writing systems that legitimately combine several scripts in one word (UTS #39 §5.1).
const ALLOWED_COMBINATIONS: readonly (readonly string[])[] = [
  ['Han', 'Hiragana', 'Katakana'],
  ['Han', 'Bopomofo'],
  ['Han', 'Hangul'],
];

// Cyrillic and Greek letters that render like Latin ones: a label made only of these (e.g. Cyrillic
// "аре" or "соm") is a whole-script confusable of a Latin label.
const LATIN_LOOKALIKES = new Set([...'аеорсухіјѕԁһӏԛԝԍкѵοαρυνκιεχ']);

/** The set of scripts used by the letters of one label. */
export function labelScripts(label: string): ReadonlySet<string> {
  const scripts = new Set<string>();
  for (const ch of label) {
    if (SCRIPT_NEUTRAL.test(ch)) continue;
    scripts.add(SCRIPTS.find((s) => s.re.test(ch))?.name ?? 'Other');
  }
  return scripts;
}

/** True when one label mixes scripts that no single writing system combines (Latin + Cyrillic, Thai + Latin…). */
export function isMixedScriptLabel(label: string): boolean {
  const scripts = labelScripts(label);
  if (scripts.size <= 1) return false;
  return !ALLOWED_COMBINATIONS.some((combo) => [...scripts].every((s) => combo.includes(s)));
}

/** True when a single-script Cyrillic or Greek label is made only of letters that look Latin. */
export function isConfusableLabel(label: string): boolean {
  const scripts = labelScripts(label);
  if (scripts.size !== 1 || !(scripts.has('Cyrillic') || scripts.has('Greek'))) return false;
  return [...label].every((ch) => SCRIPT_NEUTRAL.test(ch) || LATIN_LOOKALIKES.has(ch));
}
