import type { ConsentDocument } from '../consents/documents';
import { todayIn } from '../../domain/clock';
import { esc, htmlPage, paragraphs } from './html';

// Only a PNG data URL is put in the page: anything else stored there is not a drawn signature.
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

const STATE_WORDS: Record<ConsentDocument['state'], string> = {
	active: 'In force',
	revoked: 'Withdrawn',
	expired: 'Expired'
};

/** `consents/<day granted, clinic's calendar>-<scope>-<short id>.html` */
export function consentFileName(doc: ConsentDocument): string {
	const day = todayIn(doc.timeZone, doc.grantedAt);
	return `consents/${day}-${doc.scope.replaceAll('_', '-')}-${doc.id.slice(0, 8)}.html`;
}

/**
 * One consent as a printable page, from the same view model as the consent page in the app
 * (consents/documents.ts), so the exported file says what the screen says.
 */
export function consentHtml(doc: ConsentDocument, patientName: string): Buffer {
	const signature =
		doc.signature && PNG_DATA_URL.test(doc.signature)
			? `<img class="signature" src="${esc(doc.signature)}" alt="Signature of ${esc(doc.signedName)}">`
			: '<p class="muted">No drawn signature was recorded with this consent.</p>';
	const wording = doc.wording
		? `<p class="muted small">${esc(doc.wording.label)} · version id ${esc(doc.wording.version)}</p>
<div class="wording">${paragraphs(doc.wording.text)}</div>`
		: '<p class="muted">The wording this consent was given on is not on record.</p>';
	const revocation = doc.revocation
		? `<h2>Withdrawn</h2>
<dl>
<dt>Received</dt><dd>${esc(doc.revocation.atText)} (${esc(doc.timeZone)})</dd>
<dt>Reason</dt><dd>${esc(doc.revocation.reason)}</dd>
${doc.revocation.by ? `<dt>Recorded by</dt><dd>${esc(doc.revocation.by)}</dd>` : ''}
</dl>`
		: '';
	const body = `<header>
<p class="muted">${esc(doc.clinicName)}</p>
<h1>Consent: ${esc(doc.scopeLabel)}</h1>
<p>Patient: ${esc(patientName)} · <span class="state state-${doc.state}">${STATE_WORDS[doc.state]}</span></p>
</header>
<h2>What was agreed</h2>
${wording}
<h2>Signed</h2>
${signature}
<dl>
<dt>Signed by</dt><dd>${esc(doc.signedName)}</dd>
<dt>Date and time</dt><dd>${esc(doc.grantedAtText)} (${esc(doc.timeZone)})</dd>
<dt>Recorded by</dt><dd>${esc(doc.recordedBy)}</dd>
<dt>Expires</dt><dd>${doc.expiresAtText ? `${esc(doc.expiresAtText)} (${esc(doc.timeZone)})` : 'No expiry date'}</dd>
<dt>Consent id</dt><dd>${esc(doc.id)}</dd>
</dl>
${revocation}
<footer>Consent record kept by ${esc(doc.clinicName)} in Resurface. Rows are never edited; a withdrawal is added to the record.</footer>`;
	return htmlPage(`Consent: ${doc.scopeLabel} · ${patientName}`, body);
}
