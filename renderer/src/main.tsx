// Composition root of the renderer: picks the transport, reads the saved language, and renders.
// The per-weight files carry every subset with its unicode-range, so Thai and Latin glyphs each come
// from their own small file and only the subsets a page uses are loaded (all bundled, none from a CDN).
import '@fontsource/sarabun/400.css';
import '@fontsource/sarabun/600.css';
import '@fontsource/sarabun/700.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ApiProvider } from './api/ApiContext.js';
import { createClient } from './api/createClient.js';
import { App } from './App.js';
import { createI18n } from './i18n/createI18n.js';

async function start(): Promise<void> {
  const client = createClient(window);
  const saved = await client.call('settings.getLocale', {});
  const locale = saved.ok ? saved.value : 'th';
  document.documentElement.lang = locale;
  const i18n = createI18n(locale);
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ApiProvider client={client}>
          <App />
        </ApiProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();
