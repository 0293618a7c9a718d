// Whether an attachment may be opened directly with the system's default application (DESIGN.md §7).
// Dangerous types run code, mount disk images, or render active content in a browser outside our
// sandbox; they can only be saved (and then the user, or the agency's endpoint protection, decides).
// Pure, so the reader can grey out "Open" with the same rule the Electron main enforces.

export type AttachmentRiskReason =
  /** The real extension runs code, mounts an image, or opens as active web content. */
  | 'dangerous-type'
  /** A second, dangerous extension hides behind an innocent one or the reverse: "report.pdf.exe". */
  | 'double-extension'
  /** Bidi overrides, isolates or marks that make the displayed name lie about the extension. */
  | 'bidi-control'
  /** Zero-width or other invisible characters inside the name. */
  | 'invisible-character'
  /** No extension: the OS would guess what to run it with. */
  | 'no-extension';

export interface AttachmentRisk {
  /** True: never open directly, offer only "Save as". */
  readonly dangerous: boolean;
  /** The extension the OS would act on (lower case, with its dot; '' when none). */
  readonly extension: string;
  readonly reasons: readonly AttachmentRiskReason[];
}

/**
 * Executables and installers, Windows script hosts, shortcuts, disk images that auto-mount, and web
 * content (HTML and SVG run script in the default browser, outside our sandboxed reader).
 */
export const DANGEROUS_EXTENSIONS: ReadonlySet<string> = new Set([
  // programs, installers, libraries, control-panel items
  '.exe', '.scr', '.com', '.pif', '.msi', '.msp', '.mst', '.cpl', '.dll', '.sys', '.drv', '.ocx', '.appx',
  '.appxbundle', '.msix', '.msixbundle', '.application', '.gadget', '.jar', '.app', '.dmg', '.pkg', '.deb', '.rpm',
  '.appimage', '.run', '.bin',
  // script hosts and shells
  '.bat', '.cmd', '.js', '.jse', '.vbs', '.vbe', '.wsf', '.wsh', '.wsc', '.ws', '.hta', '.ps1', '.ps1xml',
  '.ps2', '.psc1', '.psm1', '.msh', '.sh', '.bash', '.command', '.py', '.pyw', '.pl', '.rb', '.scf', '.sct',
  '.reg', '.inf', '.chm', '.hlp', '.xbap', '.xll', '.library-ms', '.settingcontent-ms', '.diagcab',
  // shortcuts and links
  '.lnk', '.url', '.website', '.desktop', '.webloc', '.iqy', '.slk',
  // disk images
  '.iso', '.img', '.vhd', '.vhdx',
  // active web content
  '.html', '.htm', '.xhtml', '.shtml', '.mht', '.mhtml', '.svg', '.svgz', '.xml', '.xsl',
]);

// Bidi embeddings/overrides U+202A–U+202E, isolates U+2066–U+2069, LRM/RLM/ALM.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
// Zero-width space/joiners, word joiner, BOM, soft hyphen, Mongolian vowel separator.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/u;
const STRIPPED = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/gu;

/** The name as the OS sees it: invisible controls gone, trailing dots and spaces dropped (Windows does). */
const effectiveName = (filename: string): string => {
  const name = filename.normalize('NFC').replace(STRIPPED, '').replace(/[. ]+$/u, '');
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
};

// A leading dot hides a file on Unix; it does not start an extension (".bashrc" has none).
const extensionsOf = (name: string): string[] =>
  name
    .replace(/^\.+/u, '')
    .split('.')
    .slice(1)
    .map((e) => `.${e.trim().toLowerCase()}`)
    .filter((e) => e.length > 1);

/** Judges a file name as it came from the sender (before sanitizing: the tricks are evidence). */
export function attachmentRisk(filename: string): AttachmentRisk {
  const reasons: AttachmentRiskReason[] = [];
  const name = effectiveName(filename);
  const exts = extensionsOf(name);
  const extension = exts[exts.length - 1] ?? '';
  if (BIDI.test(filename)) reasons.push('bidi-control');
  if (INVISIBLE.test(filename)) reasons.push('invisible-character');
  if (extension === '') reasons.push('no-extension');
  else if (DANGEROUS_EXTENSIONS.has(extension)) reasons.push('dangerous-type');
  // "invoice.pdf.exe" is caught above; "invoice.exe.pdf" or "x.exe .pdf" claims to be one thing while
  // naming another, which only ever serves to mislead.
  if (exts.length >= 2 && exts.slice(0, -1).some((e) => DANGEROUS_EXTENSIONS.has(e))) reasons.push('double-extension');
  if (exts.length >= 2 && DANGEROUS_EXTENSIONS.has(extension) && !reasons.includes('double-extension'))
    reasons.push('double-extension');
  return { dangerous: reasons.length > 0, extension, reasons };
}
