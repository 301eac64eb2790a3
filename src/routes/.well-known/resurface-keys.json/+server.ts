import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { installKey } from '$lib/server/platform/signing-key';

// The install's one public key; it never changes, so a verifier may keep it for a day.
export const GET: RequestHandler = ({ locals }) =>
	json(
		{ keys: [installKey(locals.db).jwk] },
		{
			headers: {
				'Cache-Control': 'public, max-age=86400',
				'Access-Control-Allow-Origin': '*'
			}
		}
	);
