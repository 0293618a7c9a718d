import { createInstance, type i18n } from 'i18next';
import type { Locale } from '../../../shared/domain/schemas.js';
import { en } from './en.js';
import { th } from './th.js';

/** A fresh i18next instance (no global singleton): the composition root passes it to I18nextProvider. */
export function createI18n(locale: Locale): i18n {
  const instance = createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: 'th',
    resources: { th: { translation: th }, en: { translation: en } },
    // React escapes text itself; i18next escaping would double-escape Thai punctuation and quotes.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
