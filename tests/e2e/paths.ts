import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The seeded demo clinic every test copies into its own folder (made once by global setup). */
export const TEMPLATE_DIR = path.join(ROOT, 'test-results', '.demo-template');
