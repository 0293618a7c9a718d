// Generated test messages with unique search markers: a Thai marker inside an unspaced run
// (`รหัส<Thai digits>พิเศษ`), an ASCII word `marker<i>z`, common Thai compounds, and for every fourth message
// an attachment with a Thai file name `รายงานผล-<i>.pdf`.
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64').replace(/.{76}/gu, '$&\r\n');
const encoded = (s: string): string => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

export const thaiDigits = (n: number): string => String(n).replace(/\d/gu, (d) => String.fromCharCode(0x0e50 + Number(d)));

export const markerOf = (i: number): { thai: string; ascii: string; attachment: string | null } => ({
  thai: `รหัส${thaiDigits(i)}พิเศษ`,
  ascii: `marker${i}z`,
  attachment: i % 4 === 0 ? `รายงานผล-${i}.pdf` : null,
});

/** One message numbered i, dated `date` (ms); `padBytes` of filler make it large. */
export function generatedMessage(i: number, date: number, padBytes = 0): string {
  const m = markerOf(i);
  const body = [
    'เรียน ผู้อำนวยการ',
    `ตามที่การประชุมนักเรียนสาธารณสุขได้กำหนดรหัสอ้างอิง${m.thai}ไว้แล้ว`,
    `Reference ${m.ascii} for the budget meeting.`,
    'x'.repeat(padBytes),
  ].join('\r\n');
  const head = [
    `From: ${encoded(`ผู้ส่ง ${i}`)} <sender${i}@example.go.th>`,
    'To: alice@example.go.th',
    `Subject: ${encoded(`ข้อความทดสอบที่ ${i}`)}`,
    `Date: ${new Date(date).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <gen-${i}@example.go.th>`,
    'MIME-Version: 1.0',
  ];
  const text = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(body)];
  if (!m.attachment) return [...head, ...text, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="gen-b"',
    '',
    '--gen-b',
    ...text,
    '--gen-b',
    `Content-Type: application/pdf; name="${encoded(m.attachment)}"`,
    `Content-Disposition: attachment; filename="${encoded(m.attachment)}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64(`%PDF-1.4 generated ${i}`),
    '--gen-b--',
    '',
  ].join('\r\n');
}
