// English strings of the reader's attachment Open/Save; the shape is attachmentCareTh.ts.
import type { attachmentCareTh } from './attachmentCareTh.js';

export const attachmentCareEn: typeof attachmentCareTh = {
  attachmentCare: {
    open: 'Open',
    save: 'Save',
    openNamed: 'Open {{name}}',
    saveNamed: 'Save {{name}}',
    saveOnly: 'This type of file can be harmful: it can only be saved, not opened directly',
    tooLarge: 'This file is too large to save through the browser; please use the desktop app',
    failed: 'Could not open or save the attachment: {{message}}',
    reason: {
      'dangerous-type': 'This type of file can run on your computer (a program, a script or a web page).',
      'double-extension': 'The name has two extensions, a trick often used to pass a program off as a document.',
      'bidi-control': 'The name contains direction-reversing characters that make the visible extension lie.',
      'invisible-character': 'The name contains invisible characters.',
      'no-extension': 'The file has no extension, so it is unclear what the computer would open it with.',
    },
  },
};
