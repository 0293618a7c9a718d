// The formatted body: a contentEditable with bold, italic, lists and links. Everything pasted is sanitized
// to that same small set before it enters the editor (richHtml.ts), and again when the message is sent.
// Pasted or dropped PNG/JPEG/GIF/WebP images go inline (as data: URLs, turned into cid: parts when the
// message leaves compose: inlineImages.ts); other files are handed to compose as attachments.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isInlineImageType } from './inlineImages.js';
import { sanitizeComposeHtml } from './richHtml.js';

export interface RichEditorProps {
  /** Read once, when the editor mounts (it is uncontrolled: the caret must not jump on each keystroke). */
  initialHtml: string;
  label: string;
  onChange: (html: string, text: string) => void;
  onFiles: (files: File[]) => void;
  /** Reads inline images (size checks, notices); resolves with the data: URLs to insert. */
  onImages: (files: File[]) => Promise<string[]>;
}

type Command = 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList';

// execCommand is deprecated but remains the only editing primitive Chromium gives a contentEditable
// without a framework; the set used here is small and stable.
const exec = (command: string, value?: string): void => {
  document.execCommand(command, false, value);
};

export function RichEditor({ initialHtml, label, onChange, onFiles, onImages }: RichEditorProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [url, setUrl] = useState('https://');
  const saved = useRef<Range | null>(null);

  useEffect(() => {
    if (ref.current) ref.current.innerHTML = sanitizeComposeHtml(initialHtml, window);
    // Only on mount: see initialHtml.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const report = (): void => {
    const el = ref.current;
    if (el) onChange(el.innerHTML, el.innerText);
  };
  /** Images inline at `at` (the caret, or where they were dropped), other files to the attachment bar. */
  const takeFiles = (files: File[], at: Range | null): void => {
    const images = files.filter((f) => isInlineImageType(f.type));
    const others = files.filter((f) => !isInlineImageType(f.type));
    if (others.length) onFiles(others);
    if (images.length === 0) return;
    void onImages(images).then((urls) => {
      const el = ref.current;
      if (!el || urls.length === 0) return;
      el.focus();
      if (at && el.contains(at.startContainer)) {
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(at);
      }
      const html = urls.map((u) => `<img src="${u}" alt="">`).join('');
      exec('insertHTML', sanitizeComposeHtml(html, window));
      report();
    });
  };
  const caret = (): Range | null => {
    const sel = window.getSelection();
    return sel && sel.rangeCount > 0 ? sel.getRangeAt(0).cloneRange() : null;
  };
  const run = (command: Command): void => {
    ref.current?.focus();
    exec(command);
    report();
  };
  const addLink = (): void => {
    const el = ref.current;
    const range = saved.current;
    setLinkOpen(false);
    if (!el || !/^(?:https?:\/\/|mailto:)\S+$/iu.test(url.trim())) return;
    el.focus();
    if (range) {
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
    if (window.getSelection()?.isCollapsed) exec('insertText', url.trim());
    else exec('createLink', url.trim());
    report();
  };

  return (
    <div className="rich-editor">
      <div className="rich-toolbar" role="toolbar" aria-label={t('compose.bodyFormat')}>
        <button type="button" className="rich-button" title={t('compose.bold')} aria-label={t('compose.bold')} onMouseDown={(e) => e.preventDefault()} onClick={() => run('bold')}>
          <b>B</b>
        </button>
        <button type="button" className="rich-button" title={t('compose.italic')} aria-label={t('compose.italic')} onMouseDown={(e) => e.preventDefault()} onClick={() => run('italic')}>
          <i>I</i>
        </button>
        <button type="button" className="rich-button" title={t('compose.bulletList')} aria-label={t('compose.bulletList')} onMouseDown={(e) => e.preventDefault()} onClick={() => run('insertUnorderedList')}>
          •≡
        </button>
        <button type="button" className="rich-button" title={t('compose.numberList')} aria-label={t('compose.numberList')} onMouseDown={(e) => e.preventDefault()} onClick={() => run('insertOrderedList')}>
          1≡
        </button>
        <button
          type="button"
          className="rich-button"
          title={t('compose.link')}
          aria-label={t('compose.link')}
          aria-expanded={linkOpen}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            const sel = window.getSelection();
            saved.current = sel && sel.rangeCount > 0 && ref.current?.contains(sel.anchorNode) ? sel.getRangeAt(0).cloneRange() : null;
            setLinkOpen((o) => !o);
          }}
        >
          {t('compose.link')}
        </button>
        {linkOpen && (
          <span className="rich-link">
            <input
              type="url"
              aria-label={t('compose.linkUrl')}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addLink();
                }
              }}
            />
            <button type="button" className="button secondary" onClick={addLink}>
              {t('compose.linkAdd')}
            </button>
          </span>
        )}
        <span className="rich-note">{t('compose.richNote')}</span>
      </div>
      <div
        ref={ref}
        className="rich-body"
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        spellCheck
        onInput={report}
        onPaste={(e) => {
          const files = [...e.clipboardData.files];
          e.preventDefault();
          if (files.length) {
            takeFiles(files, caret());
            return;
          }
          const html = e.clipboardData.getData('text/html');
          if (html) exec('insertHTML', sanitizeComposeHtml(html, window));
          else exec('insertText', e.clipboardData.getData('text/plain'));
          report();
        }}
        onDrop={(e) => {
          const files = [...e.dataTransfer.files];
          if (files.length) {
            e.preventDefault();
            e.stopPropagation();
            // Chromium's caretRangeFromPoint: the drop point, so the image lands where it was let go.
            takeFiles(files, document.caretRangeFromPoint(e.clientX, e.clientY) ?? caret());
          }
        }}
      />
    </div>
  );
}
