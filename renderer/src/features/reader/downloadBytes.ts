// Saves bytes as a browser download (the browser host's "Save"). The Blob is always typed
// application/octet-stream whatever the sender claimed: a download must never render in our origin, and a
// lying Content-Type (text/html on "report.pdf") would otherwise open as a page beside the app.
export interface DownloadPage {
  readonly document: Pick<Document, 'createElement' | 'body'>;
  readonly URL: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
  setTimeout(fn: () => void, ms: number): unknown;
}

export function downloadBytes(page: DownloadPage, filename: string, bytes: Uint8Array<ArrayBuffer>): void {
  const url = page.URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = page.document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  page.document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: Chromium reads the Blob after click() returns.
  page.setTimeout(() => page.URL.revokeObjectURL(url), 30_000);
}
