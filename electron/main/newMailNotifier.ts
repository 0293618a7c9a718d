// Desktop notifications for new mail (issue 4 §2): the core emits `mail.new` after a push or poll sync finds
// new inbox mail; this shows one notification per event. Kept free of `electron` so it is tested with a fake;
// electronNotifications.ts adapts Electron's Notification to the interface.
// A classified subject (ลับ, ลับมาก, ลับที่สุด) is not shown: a notification appears on the lock screen and in
// the OS notification history, outside the app's encrypted store.
import type { EventPayload, MethodName } from '../../shared/contract/api.js';
import type { Result } from '../../shared/contract/result.js';
import { classificationFromSubject } from '../../shared/search/classificationOf.js';

export interface DesktopNotifications {
  isSupported(): boolean;
  show(n: { title: string; body: string; onClick: () => void }): void;
}

export interface NotifierCore {
  call(method: MethodName, args: unknown): Promise<Result<unknown>>;
  on(event: 'mail.new', listener: (payload: unknown) => void): () => void;
}

type MailNew = EventPayload<'mail.new'>;

const TEXT = {
  th: {
    one: 'จดหมายใหม่',
    many: (n: number) => `จดหมายใหม่ ${n.toLocaleString('th-TH')} ฉบับ`,
    classified: 'จดหมายชั้นความลับ (เปิดโปรแกรมเพื่ออ่าน)',
    noSubject: '(ไม่มีเรื่อง)',
  },
  en: {
    one: 'New mail',
    many: (n: number) => `${n.toLocaleString('en')} new messages`,
    classified: 'Classified message (open the app to read it)',
    noSubject: '(no subject)',
  },
} as const;

export function newMailText(e: MailNew, locale: 'th' | 'en'): { title: string; body: string } {
  const t = TEXT[locale];
  const title = e.count === 1 ? t.one : t.many(e.count);
  if (!e.latest) return { title, body: '' };
  const classified = classificationFromSubject(e.latest.subject) !== 'none';
  const subject = classified ? t.classified : e.latest.subject.trim() || t.noSubject;
  const from = e.latest.from.trim();
  return { title, body: from ? `${from}\n${subject}` : subject };
}

const isMailNew = (p: unknown): p is MailNew =>
  typeof p === 'object' && p !== null && typeof (p as { count?: unknown }).count === 'number';

/** Subscribes to `mail.new`; returns the unsubscribe function. `focus` brings the window forward on click. */
export function startNewMailNotifier(core: NotifierCore, notifications: DesktopNotifications, focus: () => void): () => void {
  return core.on('mail.new', (payload) => {
    if (!isMailNew(payload) || !notifications.isSupported()) return;
    void core.call('settings.getLocale', {}).then((r) => {
      const locale = r.ok && r.value === 'en' ? 'en' : 'th';
      notifications.show({ ...newMailText(payload, locale), onClick: focus });
    });
  });
}
