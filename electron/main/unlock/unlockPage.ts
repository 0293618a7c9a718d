// The passphrase window's page (passphrase mode, docs/storage.md): a static bilingual HTML form with no
// script at all. Submitting it starts a navigation to UNLOCK_ACTION; the main process reads the fields
// from that URL in `will-navigate` and cancels the navigation, so nothing leaves the process and the page
// needs neither a preload nor IPC. A CSP of default-src 'none' (inline styles only) and form-action to that
// one URL keeps it inert.

/** Never resolved (RFC 2606 .invalid) and never loaded: the navigation is always cancelled. */
export const UNLOCK_ACTION = 'https://unlock.raksa.invalid/submit';
export const UNLOCK_CANCEL = 'https://unlock.raksa.invalid/cancel';

export type UnlockMode = 'unlock' | 'create';
export type UnlockError = 'wrong' | 'mismatch' | 'short' | null;

export const MIN_NEW_PASSPHRASE_LENGTH = 8;

const TEXT = {
  unlock: {
    th: 'ใส่รหัสผ่านเพื่อเปิดฐานข้อมูลอีเมลที่เข้ารหัสไว้',
    en: 'Enter the passphrase to unlock the encrypted mail database.',
  },
  create: {
    th: `ตั้งรหัสผ่านสำหรับฐานข้อมูลอีเมล (อย่างน้อย ${MIN_NEW_PASSPHRASE_LENGTH} ตัวอักษร) หากลืมรหัสผ่าน จะต้องเพิ่มบัญชีใหม่และดาวน์โหลดอีเมลใหม่`,
    en: `Choose a passphrase for the mail database (at least ${MIN_NEW_PASSPHRASE_LENGTH} characters). If it is forgotten, accounts must be added again and mail downloaded again.`,
  },
  wrong: { th: 'รหัสผ่านไม่ถูกต้อง', en: 'Wrong passphrase.' },
  mismatch: { th: 'รหัสผ่านทั้งสองช่องไม่ตรงกัน', en: 'The two passphrases differ.' },
  short: { th: `รหัสผ่านสั้นเกินไป`, en: 'The passphrase is too short.' },
} as const;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export const UNLOCK_PAGE_CSP = `default-src 'none'; style-src 'unsafe-inline'; form-action ${UNLOCK_ACTION} ${UNLOCK_CANCEL}; base-uri 'none'; frame-ancestors 'none'`;

export function unlockPageHtml(mode: UnlockMode, error: UnlockError): string {
  const t = TEXT[mode];
  const problem = error ? `<p class="error" role="alert">${escapeHtml(`${TEXT[error].th} / ${TEXT[error].en}`)}</p>` : '';
  const confirm =
    mode === 'create'
      ? '<label>ยืนยันรหัสผ่าน / Confirm<input type="password" name="confirm" required autocomplete="off"></label>'
      : '';
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(UNLOCK_PAGE_CSP)}">
<title>Raksa Mail</title>
<style>body{font:15px system-ui,sans-serif;margin:24px;color:#1b1b1b}label{display:block;margin:12px 0}
input{display:block;width:100%;box-sizing:border-box;padding:6px;font:inherit}.error{color:#a4262c}
button{padding:6px 16px;font:inherit;margin-right:8px}</style></head>
<body><h1 style="font-size:18px">Raksa Mail</h1>
<p>${escapeHtml(t.th)}</p><p lang="en">${escapeHtml(t.en)}</p>${problem}
<form method="get" action="${UNLOCK_ACTION}">
<label>รหัสผ่าน / Passphrase<input type="password" name="passphrase" required autofocus autocomplete="off"></label>
${confirm}<button type="submit">${mode === 'create' ? 'ตั้งรหัสผ่าน / Set' : 'เปิด / Unlock'}</button>
</form><form method="get" action="${UNLOCK_CANCEL}"><button type="submit">ยกเลิก / Cancel</button></form>
</body></html>`;
}

export type UnlockNavigation =
  | { readonly kind: 'submit'; readonly passphrase: string; readonly confirm: string | null }
  | { readonly kind: 'cancel' };

/** What a navigation from the unlock page means; null for anything else (it is cancelled all the same). */
export function parseUnlockNavigation(url: string): UnlockNavigation | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const base = `${u.origin}${u.pathname}`;
  if (base === UNLOCK_CANCEL) return { kind: 'cancel' };
  if (base !== UNLOCK_ACTION) return null;
  const passphrase = u.searchParams.get('passphrase');
  if (passphrase === null) return null;
  return { kind: 'submit', passphrase, confirm: u.searchParams.get('confirm') };
}
