import { createRequire } from 'node:module';

// Resolved through the package, not a relative path: the built server lives elsewhere.
const require = createRequire(import.meta.url);
export const FONTS = {
	regular: require.resolve('@fontsource/figtree/files/figtree-latin-400-normal.woff'),
	heading: require.resolve('@fontsource/figtree/files/figtree-latin-600-normal.woff')
};

/** app.css's light theme: paper is white, so the neutrals of a card on the canvas. */
export const INK = '#1b2224';
export const MUTED = '#56616a';
export const LINE = '#e3ddd5';
export const SUNKEN = '#efebe5';

/** A4 in points, with the margins the page's content keeps. */
export const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** The footer sits below this; content never does. */
export const CONTENT_BOTTOM = PAGE.height - 64;

/** The type scale of the app (ratio 1.2 around 10 pt body, which prints like 1rem on screen). */
export const SIZE = { note: 8.5, body: 10, section: 13, title: 22 } as const;
