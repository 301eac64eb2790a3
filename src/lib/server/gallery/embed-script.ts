import { CASE_PLACEHOLDER } from '../../domain/embed-settings';

/** What a clinic's embed script needs to know: where we are and which gallery it shows. */
export interface EmbedScriptInput {
	/** our own origin: the frame's address, and the only origin whose messages are believed */
	origin: string;
	slug: string;
	clinicName: string;
	caseLinkTemplate: string | null;
}

/** A case id in a URL: ours are URL-safe base64 or hex. */
const CASE_ID = '[A-Za-z0-9_-]+';

/**
 * The template as a pattern for the page's own address, so the one snippet placed on the
 * clinic's case page (`…/results/{case}`) shows that case; anywhere else it shows the gallery.
 */
export function casePattern(template: string | null): string | null {
	if (!template) {
		return null;
	}
	const [head, tail] = template.split(CASE_PLACEHOLDER).map(escapeRegExp);
	return `^${head}(${CASE_ID})${tail}(?:[/?&#].*)?$`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The script a clinic's website loads with `<script src=…/embed.js async>`: it puts a
 * full-width, borderless iframe where it sits and sizes it to the heights the embed page
 * posts (embed-frame.js), believing only messages from our origin and from its own frame.
 */
export function embedScript(input: EmbedScriptInput): string {
	const constants = JSON.stringify({
		origin: input.origin,
		gallery: `/embed/c/${input.slug}`,
		title: `Before and after results, ${input.clinicName}`,
		pattern: casePattern(input.caseLinkTemplate)
	}).replace(/</g, '\\u003c'); // the clinic's name stays data wherever the script is pasted
	return `(function () {
	'use strict';
	var C = ${constants};
	var script = document.currentScript;
	if (!script || !script.parentNode) {
		return;
	}
	var id = script.getAttribute('data-case');
	if (!id && C.pattern) {
		var found = new RegExp(C.pattern).exec(location.href);
		id = found && found[1];
	}
	var path = C.gallery + (id && /^${CASE_ID}$/.test(id) ? '/cases/' + id : '');
	var frame = document.createElement('iframe');
	frame.src = C.origin + path;
	frame.title = script.getAttribute('data-title') || C.title;
	frame.style.cssText = 'display:block;width:100%;height:40rem;border:0;';
	script.parentNode.insertBefore(frame, script.nextSibling);
	var shown = null;
	window.addEventListener('message', function (event) {
		if (event.origin !== C.origin || event.source !== frame.contentWindow) {
			return;
		}
		var data = event.data;
		var height = data && data.type === 'resurface:embed-height' ? Number(data.height) : NaN;
		if (height > 0 && height < 100000) {
			frame.style.height = Math.ceil(height) + 'px';
		}
		// A case or gallery page opened inside the frame starts at its top, as a page of its own
		// would: from far down the gallery the visitor would otherwise land mid-case.
		var page = data && typeof data.page === 'string' ? data.page : null;
		if (page && page !== shown) {
			if (shown !== null && frame.getBoundingClientRect().top < 0) {
				frame.scrollIntoView({ block: 'start' });
			}
			shown = page;
		}
	});
})();
`;
}
