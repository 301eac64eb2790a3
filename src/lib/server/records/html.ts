/**
 * The exported HTML files are opened from a disk years later, in any browser and offline: each
 * is one self-contained page (inline styles, no scripts, no fetched resources) and every value
 * in it is escaped, since names and notes are typed by people.
 */

export function esc(value: string | number | null | undefined): string {
	return String(value ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);
}

/** Multi-line text as typed: kept line by line, escaped. */
export function paragraphs(text: string): string {
	return text
		.split(/\r?\n\s*\r?\n/)
		.map((p) => `<p>${esc(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
		.join('\n');
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
	color: #1d2326; background: #fff; margin: 0 auto; max-width: 52rem; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d5dadc; padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
p { margin: .25rem 0 .5rem; }
.muted { color: #5b6569; }
.small { font-size: .85rem; }
dl { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dt { color: #5b6569; }
dd { margin: 0; overflow-wrap: anywhere; white-space: pre-line; }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .75rem .3rem 0; border-bottom: 1px solid #e6e9ea; overflow-wrap: break-word; }
.table { overflow-x: auto; }
.table table { min-width: 32rem; }
th { font-weight: 600; }
.wording { border: 1px solid #d5dadc; border-radius: 6px; padding: .75rem 1rem; margin: .5rem 0 1rem; }
.signature { display: block; max-width: 100%; width: 22rem; height: auto; border-bottom: 1px solid #1d2326; margin: .5rem 0 .25rem; }
.state { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .85rem; border: 1px solid currentColor; }
.state-revoked, .state-expired { color: #8a2a1b; }
.state-active { color: #1f6b3a; }
.session { border-top: 1px solid #e6e9ea; padding-top: .5rem; break-inside: avoid; }
footer { margin-top: 2.5rem; color: #5b6569; font-size: .85rem; }
@media (max-width: 30rem) {
	dl { grid-template-columns: 1fr; }
	dt { margin-top: .4rem; }
}
@page { margin: 16mm 14mm; }
@media print {
	body { max-width: none; padding: 0; font-size: 11pt; }
	a { color: inherit; text-decoration: none; }
	h2 { break-after: avoid; }
	.wording, dl, tr { break-inside: avoid; }
	.table { overflow: visible; }
	.table table { min-width: 0; }
}
`;

/** One standalone page. `body` is HTML that the caller has already escaped. */
export function htmlPage(title: string, body: string): Buffer {
	return Buffer.from(
		'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
			'<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
			// nothing in these files may reach the network, even if a value slipped through
			`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">\n` +
			`<title>${esc(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`,
		'utf8'
	);
}
