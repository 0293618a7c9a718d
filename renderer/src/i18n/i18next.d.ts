// Makes t('…') keys type-checked against the Thai resources.
import type { Messages } from './th.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
