// The words of the recovery dialogs (shown before the UI and its i18n exist, so Thai first, then English,
// like startupErrorText.ts). Plain language: what happened, what the rebuild keeps, what it costs.
import type { RecoveryReport } from '../../core/recovery/recoverProfile.js';
import type { RecoveryOffer } from './startProfile.js';

export interface RecoveryDialogText {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  /** Button labels; index 0 rebuilds, index 1 (the default and the cancel button) quits. */
  readonly buttons: readonly [string, string];
}

const OFFER: Readonly<Record<RecoveryOffer, { th: string; en: string; yes: string }>> = {
  damaged: {
    th:
      'ฐานข้อมูลอีเมลในเครื่องเสียหาย สามารถสร้างใหม่ได้โดยดาวน์โหลดอีเมลจากเซิร์ฟเวอร์อีกครั้ง ' +
      'โดยเก็บบัญชี กล่องจดหมายออก ฉบับร่างที่ยังไม่ได้ส่ง และบันทึกการตรวจสอบส่วนที่ยังอ่านได้ไว้ ไฟล์เดิมจะถูกย้ายไปเก็บไว้ ไม่ถูกลบ',
    en:
      'The local mail database is damaged. It can be rebuilt by downloading the mail from the server again, ' +
      'keeping the accounts, the outbox, unsent drafts and the audit log as far as they can still be read. ' +
      'The old files are moved aside, not deleted.',
    yes: 'สร้างใหม่ / Rebuild',
  },
  'key-lost': {
    th:
      'ปลดล็อกกุญแจของฐานข้อมูลอีเมลไม่ได้ หากเริ่มใหม่ จะสร้างกุญแจและฐานข้อมูลใหม่ ต้องเพิ่มบัญชีอีเมลอีกครั้ง ' +
      'และอีเมลที่ยังไม่ได้ส่งในเครื่องจะใช้ไม่ได้ ไฟล์เดิมจะถูกย้ายไปเก็บไว้ ไม่ถูกลบ หากไม่แน่ใจ ให้เลือกออกและติดต่อฝ่ายไอที',
    en:
      'The key of the mail database cannot be unlocked. Starting over creates a new key and an empty database: ' +
      'accounts must be added again, and unsent mail on this computer cannot be used. The old files are moved ' +
      'aside, not deleted. If unsure, quit and contact IT support.',
    yes: 'เริ่มใหม่ / Start over',
  },
};

export function recoveryDialogText(offer: RecoveryOffer, detail: string): RecoveryDialogText {
  const t = OFFER[offer];
  return {
    title: 'Raksa Mail',
    message: `${t.th}\n\n${t.en}`,
    detail: detail.slice(0, 500),
    buttons: [t.yes, 'ออก / Quit'],
  };
}

export function recoveryReportText(report: RecoveryReport): { title: string; message: string } {
  const kept = report.tables.map((t) => `${t.table}: ${t.copied}${t.unreadable + t.rejected ? ` (−${t.unreadable + t.rejected})` : ''}`);
  return {
    title: 'Raksa Mail',
    message: [
      report.keyLost
        ? 'สร้างกุญแจและฐานข้อมูลใหม่แล้ว กรุณาเพิ่มบัญชีอีเมลอีกครั้ง / A new key and database were created; please add your accounts again.'
        : 'สร้างฐานข้อมูลใหม่แล้ว อีเมลจะดาวน์โหลดใหม่จากเซิร์ฟเวอร์ / The database was rebuilt; mail downloads again from the server.',
      ...kept,
      `ไฟล์เดิม / old files: ${report.movedTo}`,
    ].join('\n'),
  };
}
