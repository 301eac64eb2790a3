import { describe, expect, it } from 'vitest';
import { casePattern, embedScript } from './embed-script';

describe('embed script', () => {
	it("finds the case in the clinic's own page address from its template", () => {
		const re = new RegExp(casePattern('https://www.example.com/results/{case}')!);
		expect(re.exec('https://www.example.com/results/abc_12-x')?.[1]).toBe('abc_12-x');
		expect(re.exec('https://www.example.com/results/abc?utm=1')?.[1]).toBe('abc');
		expect(re.exec('https://www.example.com/other/abc')).toBeNull();
		expect(re.exec('https://evil.example/https://www.example.com/results/abc')).toBeNull();
		expect(casePattern(null)).toBeNull();
	});

	it('believes only our origin and its own frame, and never posts anywhere', () => {
		const js = embedScript({
			origin: 'https://app.example',
			slug: 'demo',
			clinicName: 'Demo "Skin" </script>',
			caseLinkTemplate: null
		});
		expect(js).toContain('event.origin !== C.origin || event.source !== frame.contentWindow');
		expect(js).toContain('"origin":"https://app.example"');
		expect(js).not.toContain('postMessage');
		// the clinic's name is data, not markup that could end the page's script element
		expect(js).not.toContain('</script>');
	});
});
