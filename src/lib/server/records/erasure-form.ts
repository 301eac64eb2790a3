// The erase page's form: the reason (kept on the tombstone) and the patient's name typed to
// confirm, checked against the record before anything is done.
import { confirmsName } from '../../domain/erasure';

export type ErasureForm =
	| { ok: true; reason: string }
	| { ok: false; message: string; field: 'reason' | 'confirm'; reason: string };

export function parseErasureForm(data: FormData, displayName: string): ErasureForm {
	const text = (name: string) => {
		const v = data.get(name);
		return typeof v === 'string' ? v : '';
	};
	const reason = text('reason').trim();
	if (!confirmsName(text('confirm'), displayName)) {
		return {
			ok: false,
			field: 'confirm',
			reason,
			message: `Type the patient’s name, ${displayName}, exactly as shown to confirm.`
		};
	}
	return { ok: true, reason };
}
