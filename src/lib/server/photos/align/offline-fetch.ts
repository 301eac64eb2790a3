import { readFile } from 'node:fs/promises';

/**
 * The alignment worker's `fetch`: local `file://` URLs are read from disk, anything else throws.
 * human loads its models with the global fetch, Node 20's fetch cannot read `file://`, and its
 * defaults point at a CDN: with this in place nothing can leave the machine, and a model that
 * was not found locally fails loudly instead of being downloaded.
 */
export function blockNetworkFetch(): void {
	globalThis.fetch = async (input: string | URL | Request) => {
		const url = new URL(input instanceof Request ? input.url : String(input));
		if (url.protocol !== 'file:') {
			throw new Error(`Network access is blocked in the alignment worker: ${url.href}`);
		}
		const bytes = await readFile(decodeURIComponent(url.pathname));
		const type = url.pathname.endsWith('.json') ? 'application/json' : 'application/octet-stream';
		return new Response(bytes, { headers: { 'content-type': type } });
	};
}
