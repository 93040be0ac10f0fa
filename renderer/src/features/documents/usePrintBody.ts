import { useEffect } from 'react';

/**
 * The print window's page state: the print stylesheet's body class while mounted, and
 * `data-print-ready` once `title` (the document shown) is set and the fonts are loaded —
 * the desktop's print bridge and the tests wait for it, so a PDF never has fallback glyphs.
 */
export function usePrintBody(title: string | null): void {
  useEffect(() => {
    document.body.classList.add('ow-print-body');
    delete document.body.dataset.printReady;
    return () => {
      document.body.classList.remove('ow-print-body');
      delete document.body.dataset.printReady;
    };
  }, []);

  // Once per document shown, not at each render.
  useEffect(() => {
    if (title === null) return;
    document.title = title;
    let live = true;
    void document.fonts.ready.then(() => {
      if (live) document.body.dataset.printReady = 'true';
    });
    return () => {
      live = false;
    };
  }, [title]);
}
