// The text of the dialogs shown when the app cannot start. They appear before any UI (and its i18n)
// exists, so both languages are shown together: Thai first (the default), then English.
export type StartupFailure = 'keystore' | 'key' | 'store';

export interface StartupErrorText {
  readonly title: string;
  readonly body: string;
}

const TEXT: Readonly<Record<StartupFailure, { th: string; en: string }>> = {
  keystore: {
    th:
      'Raksa Mail เปิดไม่ได้ เพราะใช้ที่เก็บกุญแจที่ปลอดภัยของระบบปฏิบัติการไม่ได้ ' +
      '(Windows DPAPI, macOS Keychain หรือ Secret Service/KWallet บน Linux) ' +
      'จึงปลดล็อกฐานข้อมูลจดหมายที่เข้ารหัสไว้ไม่ได้ ' +
      'โปรแกรมจะไม่สร้างกุญแจใหม่และจะไม่เก็บกุญแจโดยไม่เข้ารหัส กรุณาติดต่อฝ่ายไอทีของหน่วยงาน',
    en:
      "Raksa Mail cannot start: the operating system's secure key store " +
      '(Windows DPAPI, macOS Keychain, or Secret Service/KWallet on Linux) is unavailable, ' +
      'so the encrypted mail database cannot be unlocked. ' +
      'Raksa Mail will not create a new key or store one unprotected. Please contact your IT support.',
  },
  key: {
    th: 'Raksa Mail เปิดไม่ได้ เพราะอ่านกุญแจของฐานข้อมูลจดหมายไม่ได้ กรุณาติดต่อฝ่ายไอทีของหน่วยงาน',
    en: 'Raksa Mail cannot start: the key of the mail database could not be read. Please contact your IT support.',
  },
  store: {
    th: 'Raksa Mail เปิดไม่ได้ เพราะเปิดฐานข้อมูลจดหมายในเครื่องไม่ได้ กรุณาติดต่อฝ่ายไอทีของหน่วยงาน',
    en: 'Raksa Mail cannot start: the local mail database could not be opened. Please contact your IT support.',
  },
};

/** `detail` is diagnostic text for IT (English, from the error); it never holds a key or mail content. */
export function startupErrorText(failure: StartupFailure, detail: string): StartupErrorText {
  const t = TEXT[failure];
  return {
    title: 'Raksa Mail — เปิดโปรแกรมไม่ได้ / Cannot start',
    body: `${t.th}\n\n${t.en}\n\n${detail.slice(0, 500)}`,
  };
}
