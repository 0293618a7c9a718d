// Attachment names come from the sender. Bidi controls can make "invoice\u202Efdp.exe" read as
// "invoiceexe.pdf", and control characters can hide parts of a name: strip both before showing it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

export function displayFileName(name: string): string {
  const clean = name.replace(HIDDEN, '').trim();
  return clean === '' ? '—' : clean.slice(0, 255);
}
