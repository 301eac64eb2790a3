import { formatDate, formatDateTime } from '../../format';
import type { PatientRecord } from './record-json';
import { esc, htmlPage } from './html';

type Course = PatientRecord['courses'][number];
type Session = Course['sessions'][number];

const STATE_WORDS = { active: 'In force', revoked: 'Withdrawn', expired: 'Expired' } as const;

/** The readable, printable summary of the record (record/summary.html), from record.json's data. */
export function summaryHtml(r: PatientRecord): Buffer {
	const zone = r.clinic.timeZone;
	const at = (isoText: string | null) => (isoText ? formatDateTime(new Date(isoText), zone) : '');
	const p = r.patient;
	const item = (term: string, value: string | number | null) =>
		`<dt>${esc(term)}</dt><dd>${value === null || value === '' ? '<span class="muted">not recorded</span>' : esc(value)}</dd>`;

	const details = `<h2 id="patient">Patient</h2>
<dl>
${item('Name', p.name)}
${item('Birth year', p.birthYear)}
${item('Skin type', p.skinType ? p.skinTypeLabel : null)}
${item('Concerns', p.concerns.map((c) => c.label).join(', '))}
${item('Email', p.email)}
${item('Phone', p.phone)}
${p.portalAccountEmail ? item('Portal sign-in', p.portalAccountEmail) : ''}
${item('Patient since', at(p.createdAt))}
</dl>`;

	const session = (s: Session, co: Course) => {
		const depth = s.needleDepthMm.map((d) => `${d.areaLabel} ${d.mm} mm`).join(', ');
		const grade = s.grade
			? `${s.grade.label} on the ${s.grade.scaleName} (${s.grade.scaleShortName})`
			: null;
		const detail = s.grade?.detail
			? Object.entries(s.grade.detail)
					.map(([k, v]) => `${k} ${v}`)
					.join(', ')
			: null;
		return `<div class="session">
<h4>Session ${s.number} of ${co.plannedSessions} · ${esc(formatDate(s.performedOn))}</h4>
<dl>
${item('Device', s.device)}
${item('Needle depth', depth)}
${item('Passes', s.passes)}
${item('Numbing', s.numbing ? 'Yes' : 'No')}
${item('Grade', grade)}
${detail ? item('Grade inputs', detail) : ''}
${item('Side effects', s.sideEffects)}
${item('Clinician’s notes', s.clinicianNotes)}
${item('Patient’s rating (0–10)', s.patientSelfRating)}
${item('Patient’s note', s.patientNote)}
${item('Photos', s.photos.length ? `${s.photos.length}` : null)}
</dl>
</div>`;
	};
	const courses = `<h2 id="courses">Treatment courses</h2>
${
	r.courses.length
		? r.courses
				.map(
					(co) => `<h3>${esc(co.concernLabel)} · started ${esc(formatDate(co.startedOn))}</h3>
<p class="muted">${co.plannedSessions} sessions planned, every ${co.intervalWeeks} weeks${co.areas.length ? ` · ${esc(co.areas.map((a) => a.label).join(', '))}` : ''}</p>
${co.sessions.length ? co.sessions.map((s) => session(s, co)).join('\n') : '<p class="muted">No session logged.</p>'}`
				)
				.join('\n')
		: '<p class="muted">No treatment course.</p>'
}`;

	const consents = `<h2 id="consents">Consents</h2>
${
	r.consents.length
		? `<div class="table"><table>
<thead><tr><th>Consent</th><th>Wording</th><th>State</th><th>Signed</th><th>Expires</th><th>Withdrawn</th></tr></thead>
<tbody>
${r.consents
	.map(
		(c) => `<tr>
<td><a href="../${esc(c.document)}">${esc(c.scopeLabel)}</a><br><span class="muted small">by ${esc(c.signedName)}</span></td>
<td>${c.wording ? esc(c.wording.label) : '<span class="muted">not on record</span>'}</td>
<td>${STATE_WORDS[c.state]}</td>
<td>${esc(at(c.grantedAt))}</td>
<td>${c.expiresAt ? esc(at(c.expiresAt)) : '—'}</td>
<td>${c.revocation ? `${esc(at(c.revocation.at))}<br><span class="small">${esc(c.revocation.reason)}</span>` : '—'}</td>
</tr>`
	)
	.join('\n')}
</tbody>
</table></div>
<p class="muted small">Each consent’s full page, with the wording signed and the signature, is in the <code>consents</code> folder.</p>`
		: '<p class="muted">No consent recorded.</p>'
}`;

	const photos = `<h2 id="photos">Photos</h2>
${
	r.photos.length
		? `<div class="table"><table>
<thead><tr><th>File</th><th>View</th><th>Taken</th><th>Size</th></tr></thead>
<tbody>
${r.photos
	.map(
		(ph) =>
			`<tr><td><a href="../${esc(encodeURI(ph.file))}">${esc(ph.file)}</a></td><td>${esc(ph.viewLabel)}</td><td>${esc(formatDate(ph.takenOn))}</td><td>${ph.width ?? '?'} × ${ph.height ?? '?'}</td></tr>`
	)
	.join('\n')}
</tbody>
</table></div>`
		: '<p class="muted">No photo.</p>'
}`;

	const contacts = r.contacts.length
		? `<h2 id="contacts">Contact log</h2>
<div class="table"><table>
<thead><tr><th>When</th><th>How</th><th>Outcome</th><th>Note</th><th>By</th></tr></thead>
<tbody>
${r.contacts
	.map(
		(c) =>
			`<tr><td>${esc(at(c.at))}</td><td>${esc(c.channelLabel)}</td><td>${esc(c.outcomeLabel)}</td><td>${esc(c.note)}</td><td>${esc(c.by)}</td></tr>`
	)
	.join('\n')}
</tbody>
</table></div>`
		: '';

	const body = `<header>
<p class="muted">${esc(r.clinic.name)}</p>
<h1>Patient record: ${esc(p.name)}</h1>
<p class="muted">Exported ${esc(at(r.exportedAt))} (${esc(zone)}). Times are on the clinic’s clock.</p>
</header>
${details}
${courses}
${consents}
${photos}
${contacts}
<footer>The same record, for programs, is in record.json beside this file (format ${esc(r.format)}).</footer>`;
	return htmlPage(`Patient record: ${p.name}`, body);
}
