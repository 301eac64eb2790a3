import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { config } from '../lib/server/config';

/** Starts adapter-node's server from the build, with the upload limit applied to bodies. */
export async function serve(root = process.cwd()): Promise<void> {
	// adapter-node refuses bodies over BODY_SIZE_LIMIT; leave headroom for multipart framing.
	process.env.BODY_SIZE_LIMIT ??= String(config.uploadLimitBytes() + 1024 * 1024);
	await import(pathToFileURL(path.join(root, 'build', 'index.js')).href);
}
