import { damagedCases } from './damaged';
import { floodCases } from './floods';
import { limitCases } from './limits';
import { notPhotoCases } from './not-photos';
import { nameCases, validCases } from './valid';
import type { BadInput } from './corpus';

export { isAccepted, type Accepted, type BadInput, type Refused } from './corpus';

/**
 * The bad-input corpus (issue 7): hostile and odd uploads, every one made by code at test time,
 * each with the answer the upload API must give. Bytes are made on demand, so holding the list
 * costs nothing. tests/e2e/bad-inputs.e2e.ts sends them all to one running server.
 */
export function badInputs(): BadInput[] {
	return [
		...limitCases,
		...floodCases,
		...notPhotoCases,
		...damagedCases,
		...validCases,
		...nameCases
	].map((c) => ({ fileName: 'photo.jpg', mime: 'image/jpeg', ...c }));
}
