import { describe, expect, it } from 'vitest';
import { isUploadRequest } from './upload-routes';

const id = 'abcdefghijklmnopqrstuvwxyz234567';

describe('isUploadRequest', () => {
	it('admits the two upload routes, POST only', () => {
		expect(isUploadRequest('POST', `/clinic/patients/${id}?/upload`)).toBe(true);
		expect(isUploadRequest('POST', `/clinic/patients/${id}?x=1&/upload`)).toBe(true);
		expect(isUploadRequest('POST', `/clinic/patients/${id}?%2Fupload`)).toBe(true);
		expect(isUploadRequest('POST', `/api/v1/patients/${id}/photos`)).toBe(true);
		expect(isUploadRequest('GET', `/clinic/patients/${id}?/upload`)).toBe(false);
		expect(isUploadRequest('PUT', `/api/v1/patients/${id}/photos`)).toBe(false);
		expect(isUploadRequest(undefined, undefined)).toBe(false);
	});

	it('takes the action SvelteKit will run: the first query name starting with /', () => {
		expect(isUploadRequest('POST', `/clinic/patients/${id}`)).toBe(false);
		expect(isUploadRequest('POST', `/clinic/patients/${id}?/editPatient&/upload`)).toBe(false);
		expect(isUploadRequest('POST', `/clinic/patients/${id}?/uploadx`)).toBe(false);
		expect(isUploadRequest('POST', `/clinic/patients/${id}?/upload/x`)).toBe(false);
		expect(isUploadRequest('POST', `/clinic/patients/${id}?x=/upload`)).toBe(false);
	});

	it('resolves the path as routing will, so no other route can borrow the allowance', () => {
		for (const target of [
			'/login?/upload',
			`/clinic/patients/${id}/../../../login?/upload`,
			`/clinic/patients/${id}/%2e%2e/%2E%2E/%2e%2e/login?/upload`,
			`/clinic/patients/${id}\\..\\..\\..\\login?/upload`,
			`/api/v1/patients/${id}/photos/../../../../../login`,
			`/api/v1/patients/${id}/photos/%2e%2e/x`,
			`/clinic/patients/${id}/?/upload`,
			`/clinic/patients/${id}/__data.json?/upload`,
			`/clinic/patients/${id}%2F..%2F..%2Flogin?/upload`,
			`/clinic/patients/a%2F..%2F..%2Flogin?/upload`,
			`/clinic/patients/new?/upload`,
			`/Clinic/patients/${id}?/upload`,
			`/api/v1/patients/${id}/photos/`,
			`/api/v1/patients/${id}/photos.json`,
			`//evil.example/clinic/patients/${id}?/upload`,
			`http://evil.example/clinic/patients/${id}?/upload`,
			`*`
		]) {
			expect(isUploadRequest('POST', target), target).toBe(false);
		}
		// dot segments that land on an upload route are that route, as they are for SvelteKit
		expect(isUploadRequest('POST', `/clinic/x/../patients/${id}?/upload`)).toBe(true);
	});
});
