import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { databaseAsOf } from '$test/support/old-database';

// Migration 0017 rebuilds the consent table to accept the `social_media` scope. A rebuild drops
// a table's triggers, and consent rows are append-only by trigger: this runs it on a database
// made by the migrations before it, holding consents, as a clinic's would be on upgrade day.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const oldDatabase = () =>
	databaseAsOf(
		'0016_photo_alignment',
		`
		insert into consent (id, clinic_id, patient_id, scope, text_version, signed_name, granted_at, recorded_by, revoked_at, revoked_reason, revoked_by)
			values ('k1', 'c1', 'p1', 'gallery_public', 'gallery-public-2026-01', 'Ann', 1, 'u1', null, null, null),
			       ('k2', 'c1', 'p1', 'treatment', 'treatment-2026-01', 'Ann', 2, 'u1', 3, 'moved away', 'u1');
	`,
		dirs
	);

describe('migration 0017 (social media consent)', () => {
	it('keeps every consent row and accepts the new scope', () => {
		const db = openDatabase(oldDatabase(), path.resolve('drizzle'));
		const rows = db.$client
			.prepare('select id, scope, revoked_reason as reason from consent order by id')
			.all();
		expect(rows).toEqual([
			{ id: 'k1', scope: 'gallery_public', reason: null },
			{ id: 'k2', scope: 'treatment', reason: 'moved away' }
		]);
		db.$client
			.exec(`insert into consent (id, clinic_id, patient_id, scope, text_version, signed_name, granted_at, recorded_by)
			values ('k3', 'c1', 'p1', 'social_media', 'social-media-2026-12', 'Ann', 4, 'u1')`);
		expect(() =>
			db.$client
				.exec(`insert into consent (id, clinic_id, patient_id, scope, text_version, signed_name, granted_at, recorded_by)
			values ('k4', 'c1', 'p1', 'tiktok', 'x', 'Ann', 4, 'u1')`)
		).toThrow(/CHECK/);
		db.$client.close();
	});

	it('puts back the triggers that keep consent rows append-only', () => {
		const db = openDatabase(oldDatabase(), path.resolve('drizzle'));
		const raw = db.$client;
		expect(() => raw.exec("delete from consent where id = 'k1'")).toThrow(/never deleted/);
		expect(() => raw.exec("update consent set signed_name = 'Bob' where id = 'k1'")).toThrow(
			/only revoked once/
		);
		expect(() =>
			raw.exec("update consent set revoked_at = 9, revoked_reason = 'again' where id = 'k2'")
		).toThrow(/only revoked once/);
		raw.exec(
			"update consent set revoked_at = 9, revoked_reason = 'asked', revoked_by = 'u1' where id = 'k1'"
		);
		expect(raw.prepare("select revoked_reason r from consent where id = 'k1'").get()).toEqual({
			r: 'asked'
		});
		raw.close();
	});
});
