import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { photoTestClinic } from '../../../../tests/support/photo-clinic';
import { clinic as clinicTable } from '../db/schema';
import { encodeLogo, LogoRejected, removeLogo, replaceLogo } from './brand-logo';
import { brandById, isCurrentLogo, logoBlobKey } from './brand';
import type { StaffActor } from '../auth/guard';
import { sweepOrphans, SWEEP_GRACE_MS } from '../photos/pipeline/sweep';

const mark = (format: 'png' | 'jpeg' | 'webp', width = 1200, height = 400) =>
	sharp({ create: { width, height, channels: 3, background: '#1d5c63' } })
		.composite([
			{
				input: {
					create: { width: width / 2, height: height / 2, channels: 3, background: '#f6f3ef' }
				},
				top: height / 4,
				left: width / 4
			}
		])
		[format]()
		.withExif({ IFD0: { Copyright: 'secret owner', Artist: 'GPS 51.5N' } })
		.toBuffer();

async function refusal(bytes: Buffer): Promise<LogoRejected> {
	const e = await encodeLogo(bytes).catch((x: unknown) => x);
	expect(e).toBeInstanceOf(LogoRejected);
	return e as LogoRejected;
}

describe('logo intake', () => {
	it.each(['png', 'jpeg', 'webp'] as const)(
		're-encodes a %s to a WebP at most 512 px wide without metadata',
		async (format) => {
			const out = await encodeLogo(await mark(format));
			const meta = await sharp(out.data).metadata();
			expect(meta.format).toBe('webp');
			expect([meta.width, meta.height, out.width, out.height]).toEqual([512, 171, 512, 171]);
			expect(meta.exif).toBeUndefined();
			expect(meta.icc).toBeUndefined();
			expect(out.data.includes(Buffer.from('secret owner'))).toBe(false);
		}
	);

	it('keeps a small logo at its own size (no enlargement)', async () => {
		const out = await encodeLogo(await mark('png', 300, 100));
		expect([out.width, out.height]).toEqual([300, 100]);
	});

	it('refuses SVG with 415 and says why (scripts), even named .png', async () => {
		const svg = Buffer.from(
			'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
		);
		const e = await refusal(svg);
		expect(e.status).toBe(415);
		expect(e.message).toMatch(/SVG .* scripts/);
	});

	it('refuses GIF with 415', async () => {
		const gif = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#000' } })
			.gif()
			.toBuffer();
		const e = await refusal(gif);
		expect([e.status, e.message]).toEqual([
			415,
			'The logo must be a PNG, JPEG or WebP image; this file is not one.'
		]);
	});

	it('refuses a 5000×5000 PNG from its header, before decoding it', async () => {
		const big = await sharp({
			create: { width: 5000, height: 5000, channels: 3, background: '#ffffff' }
		})
			.png()
			.toBuffer();
		expect(big.length).toBeLessThan(1_000_000);
		const e = await refusal(big);
		expect([e.status, e.message]).toEqual([
			422,
			'The logo is 5000×5000 pixels; at most 4000×4000.'
		]);
	});

	it('refuses a truncated file and one over 1 MB', async () => {
		const whole = await mark('png');
		const e = await refusal(whole.subarray(0, Math.floor(whole.length * 0.6)));
		expect([e.status, e.message]).toEqual([422, 'The logo’s image data is corrupt or incomplete.']);
		const huge = Buffer.concat([whole, Buffer.alloc(1_000_001)]);
		expect((await refusal(huge)).status).toBe(413);
	});
});

describe('the clinic logo', () => {
	function setup() {
		const t = photoTestClinic();
		const owner = { ...t.actor } as StaffActor;
		const auditCount = () => t.count('audit_event');
		return { ...t, owner, auditCount };
	}

	it('is kept by the orphan sweep, and an old logo left by a crash is swept', async () => {
		const t = setup();
		const current = await replaceLogo(t.db, t.store, t.owner, await mark('png'));
		// as if the process died between naming the new logo and deleting the old file
		const stale = logoBlobKey('ab'.repeat(16));
		await t.store.put(stale, Buffer.from('old logo'));
		const later = new Date(Date.now() + SWEEP_GRACE_MS + 1000);
		expect(await sweepOrphans(t.db, t.store, later)).toBe(1);
		expect(t.files()).toEqual([logoBlobKey(current.key)]);
	});

	it('stores the new file, names it on the clinic, deletes the old one after, and audits', async () => {
		const t = setup();
		const first = await replaceLogo(t.db, t.store, t.owner, await mark('png'));
		expect(t.files()).toEqual([logoBlobKey(first.key)]);
		expect(isCurrentLogo(t.db, first.key)).toBe(true);
		expect(brandById(t.db, t.clinic.id)?.logo).toEqual({
			url: `/media/brand/${first.key}.webp`,
			width: 512,
			height: 171
		});

		const second = await replaceLogo(t.db, t.store, t.owner, await mark('jpeg'));
		expect(second.key).not.toBe(first.key);
		expect(t.files()).toEqual([logoBlobKey(second.key)]);
		expect(isCurrentLogo(t.db, first.key)).toBe(false);

		await removeLogo(t.db, t.store, t.owner);
		expect(t.files()).toEqual([]);
		expect(brandById(t.db, t.clinic.id)?.logo).toBeNull();
		const actions = t.db.$client
			.prepare(`select action from audit_event where action like 'clinic_logo%' order by at`)
			.all()
			.map((r) => (r as { action: string }).action);
		expect(actions).toEqual(['clinic_logo_set', 'clinic_logo_set', 'clinic_logo_removed']);
	});

	it('writes nothing and changes nothing when a logo is refused', async () => {
		const t = setup();
		const kept = await replaceLogo(t.db, t.store, t.owner, await mark('png'));
		const before = t.auditCount();
		const settingsBefore = t.db
			.select({ s: clinicTable.settings })
			.from(clinicTable)
			.where(eq(clinicTable.id, t.clinic.id))
			.get();
		for (const bad of [
			Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
			Buffer.from('GIF89a')
		]) {
			await expect(replaceLogo(t.db, t.store, t.owner, bad)).rejects.toBeInstanceOf(LogoRejected);
		}
		expect(t.files()).toEqual([logoBlobKey(kept.key)]);
		expect(t.auditCount()).toBe(before);
		expect(
			t.db
				.select({ s: clinicTable.settings })
				.from(clinicTable)
				.where(eq(clinicTable.id, t.clinic.id))
				.get()
		).toEqual(settingsBefore);
	});

	it('serves only current logo keys of the right shape', () => {
		const t = setup();
		expect(isCurrentLogo(t.db, '0'.repeat(32))).toBe(false);
		expect(isCurrentLogo(t.db, '../private/x')).toBe(false);
	});
});
