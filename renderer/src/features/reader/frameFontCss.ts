// Sarabun for the reading frame, as data: URLs: the frame is an opaque origin with `font-src data:`,
// so it cannot load the app's own font files. About 55 KB, built once.
import latin400 from '@fontsource/sarabun/files/sarabun-latin-400-normal.woff2?inline';
import latin700 from '@fontsource/sarabun/files/sarabun-latin-700-normal.woff2?inline';
import thai400 from '@fontsource/sarabun/files/sarabun-thai-400-normal.woff2?inline';
import thai700 from '@fontsource/sarabun/files/sarabun-thai-700-normal.woff2?inline';

// The same unicode-range split as @fontsource/sarabun's own CSS.
const THAI = 'U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC';
const LATIN =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';

const face = (src: string, weight: number, range: string): string =>
  `@font-face{font-family:'Sarabun';font-style:normal;font-weight:${weight};font-display:block;src:url("${src}") format('woff2');unicode-range:${range};}`;

export const frameFontCss = [
  face(thai400, 400, THAI),
  face(thai700, 700, THAI),
  face(latin400, 400, LATIN),
  face(latin700, 700, LATIN),
].join('');
