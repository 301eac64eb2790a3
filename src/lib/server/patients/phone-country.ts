import type { Db } from '../db/client';
import { clinicSettings, getClinic } from '../clinic/clinic';
import { clinicPhoneCountry } from '../../domain/phone';

/** The country a patient's number typed without "+" is read in, for the clinic; null: none. */
export function phoneCountryOfClinic(db: Db, clinicId: string): string | null {
	const c = getClinic(db, clinicId);
	return c ? clinicPhoneCountry(clinicSettings(c)) : null;
}
