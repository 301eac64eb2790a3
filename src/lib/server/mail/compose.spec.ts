import { describe, expect, it } from 'vitest';
import { CONCERN_LABELS, CONCERNS } from '../../domain/concerns';
import { MAIL_KINDS } from '../../domain/mail-kinds';
import { composeMail } from './compose';
import { DEFAULT_TEMPLATES, KIND_PLACEHOLDERS, templateProblem } from './templates';

const LINK = 'https://results.example-clinic.test/reset-password/abc.def';
const vars = { firstName: 'Ana', clinicName: 'Glow', link: LINK, expires: '10:30', date: '5 Jan' };

describe('composing a message', () => {
	it('escapes everything typed in the HTML: a clinic called <script>, a template with <b>', () => {
		const mail = composeMail(
			'password_reset',
			{ ...vars, clinicName: '<script>alert(1)</script>', firstName: 'A"na & <i>' },
			{
				template: {
					subject: 'Reset at {clinicName}',
					body: 'Hello <b>{firstName}</b>\n\n{link}\n\nUntil {expires}'
				}
			}
		);
		expect(mail.html).not.toContain('<script>');
		expect(mail.html).not.toContain('<b>');
		expect(mail.html).not.toContain('<i>');
		expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(mail.html).toContain('Hello &lt;b&gt;A&quot;na &amp; &lt;i&gt;&lt;/b&gt;');
		// the plain text is plain: nothing to escape there
		expect(mail.text).toContain('Hello <b>A"na & <i></b>');
	});

	it('keeps the subject on one line, whatever the wording or the values hold', () => {
		const mail = composeMail(
			'session_reminder',
			{ ...vars, clinicName: 'Glow\r\nBcc: victim@example.test' },
			{ template: { subject: 'Due\non {date}\r\nat {clinicName}', body: '{date}' } }
		);
		expect(mail.subject).not.toMatch(/[\r\n]/);
		expect(mail.subject).toBe('Due on 5 Jan at Glow Bcc: victim@example.test');
	});

	it('makes a paragraph that is only {link} a button, and writes the link out too', () => {
		const mail = composeMail('password_reset', vars);
		expect(mail.html).toContain(`<a href="${LINK}"`);
		expect(mail.html).toContain('>Choose a new password</a>');
		expect(mail.html.split(LINK)).toHaveLength(3); // the button's href and the written-out link
		expect(mail.text).toContain(`\n\n${LINK}\n\n`);
	});

	it('puts a link with HTML in it into the href escaped', () => {
		const mail = composeMail('password_reset', { ...vars, link: 'https://x.test/"><script>' });
		expect(mail.html).toContain('href="https://x.test/&quot;&gt;&lt;script&gt;"');
		expect(mail.html).not.toContain('"><script>');
	});
});

describe('a reworded template', () => {
	it('is refused with a placeholder the message is not given', () => {
		expect(
			templateProblem('password_reset', { subject: 'Hi {firstName}', body: '{link} {concern}' })
		).toMatch(/^\{concern\} is not available in this message\. Use \{firstName\}/);
		expect(templateProblem('photos_ready', { subject: '{role}', body: '{link}' })).toMatch(
			/\{role\} is not available/
		);
	});

	it('is refused without the placeholder it cannot work without', () => {
		expect(
			templateProblem('password_reset', { subject: 'Reset {link}', body: 'Hello {firstName}' })
		).toBe('The message needs {link}: without it, it is no use to the person who gets it.');
		expect(templateProblem('session_reminder', { subject: 'Hi', body: 'Come back soon' })).toMatch(
			/needs \{date\}/
		);
	});

	it('is refused without a subject or a text', () => {
		expect(templateProblem('email_change_notice', { subject: ' ', body: 'Hello' })).toBe(
			'A message needs a subject and a text.'
		);
		expect(templateProblem('email_change_notice', { subject: 'Hi', body: '' })).toBe(
			'A message needs a subject and a text.'
		);
	});

	it('is taken when it uses only its own placeholders', () => {
		expect(
			templateProblem('staff_invitation', {
				subject: 'Welcome to {clinicName}',
				body: 'Hi {firstName}, join as {role}:\n\n{link}\n\nUntil {expires}.'
			})
		).toBeNull();
	});
});

describe('the default wording', () => {
	it('passes its own check and uses only the placeholders each message is given', () => {
		for (const kind of MAIL_KINDS) {
			expect(templateProblem(kind, DEFAULT_TEMPLATES[kind]), kind).toBeNull();
		}
	});

	it('fills every placeholder it uses', () => {
		for (const kind of MAIL_KINDS) {
			const filled = Object.fromEntries(KIND_PLACEHOLDERS[kind].map((p) => [p, `«${p}»`]));
			const mail = composeMail(kind, filled);
			expect(`${mail.subject}\n${mail.text}`, kind).not.toMatch(/\{[a-zA-Z]+\}/);
		}
	});

	it('holds no health detail: no concern, scar, acne, microneedling, depth, diagnosis, treatment', () => {
		const words = [
			...CONCERNS.map((c) => c.replace('_', ' ')),
			...Object.values(CONCERN_LABELS).flatMap((l) =>
				l
					.toLowerCase()
					.split(/[^a-z]+/)
					.filter((w) => w.length > 4)
			),
			'scar',
			'acne',
			'microneedl',
			'skinpen',
			'needle',
			'depth',
			'diagnos',
			'treatment',
			'photo of',
			'consent'
		];
		for (const kind of MAIL_KINDS) {
			const wording =
				`${DEFAULT_TEMPLATES[kind].subject}\n${DEFAULT_TEMPLATES[kind].body}`.toLowerCase();
			for (const word of words) {
				expect(wording, `${kind} says “${word}”`).not.toContain(word);
			}
		}
	});
});

describe('the clinic logo in a message', () => {
	it('heads the HTML part with the logo at an absolute address, the name as its alt text', () => {
		const mail = composeMail(
			'session_reminder',
			{ clinicName: 'Harbour & Co', date: '1 June', link: 'https://x.example/me' },
			{ logo: { url: 'https://x.example/media/brand/ab.webp', width: 512, height: 128 } }
		);
		expect(mail.html).toContain(
			'<img src="https://x.example/media/brand/ab.webp" alt="Harbour &amp; Co" width="160" height="40"'
		);
		expect(mail.text).not.toContain('brand/ab.webp');
	});

	it('shows the name when there is no logo or its address is not absolute', () => {
		const mail = composeMail(
			'session_reminder',
			{ clinicName: 'Harbour', date: '1 June', link: 'https://x.example/me' },
			{ logo: { url: '/media/brand/ab.webp', width: 512, height: 128 } }
		);
		expect(mail.html).not.toContain('<img');
		expect(mail.html).toContain('>Harbour</p>');
	});
});
