import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedUser, tempDb } from '$test/support/test-db';
import { auditEvent } from '../db/schema';
import { requestContext } from '../http/request-context';
import { audit } from './audit';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

const rows = () =>
	t.db
		.select({ action: auditEvent.action, ip: auditEvent.ip, actor: auditEvent.actorUserId })
		.from(auditEvent)
		.all();

describe('audit reads the request it is written in', () => {
	it('takes the address and the signed-in person from the request context', () => {
		const { clinic, user } = seedUser(t.db, 'owner');
		const other = seedUser(t.db, 'clinician');
		requestContext.run({ ip: '198.51.100.4', userId: user.id }, () => {
			audit(t.db, { clinicId: clinic.id, action: 'from_request', ok: true });
			// a service that names its actor is believed over the context
			audit(t.db, { clinicId: clinic.id, actorUserId: other.user.id, action: 'named', ok: true });
			// a failed sign-in names no one, even inside someone's request
			audit(t.db, { clinicId: clinic.id, actorUserId: null, action: 'nobody', ok: false });
		});
		audit(t.db, { clinicId: clinic.id, action: 'outside', ok: true });
		expect(rows()).toEqual([
			{ action: 'from_request', ip: '198.51.100.4', actor: user.id },
			{ action: 'named', ip: '198.51.100.4', actor: other.user.id },
			{ action: 'nobody', ip: '198.51.100.4', actor: null },
			// the CLI and the job worker write outside any request
			{ action: 'outside', ip: null, actor: null }
		]);
	});
});
