import type { MailKind } from '../../domain/mail-kinds';
import { DEFAULT_TEMPLATES, type MailTemplate, type MailVars } from './templates';

export interface ComposedMail {
	subject: string;
	text: string;
	html: string;
}

const fill = (text: string, vars: MailVars) =>
	text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
		Object.hasOwn(vars, name) ? (vars[name as keyof MailVars] ?? '') : whole
	);

const escapeHtml = (s: string) =>
	s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

/**
 * Plain text plus a simple single-column HTML part that reads well on a phone: the template's
 * paragraphs, its link as a button (and written out beneath, for clients that hide buttons), and
 * the footer. Everything the clinic or a person typed is escaped.
 */
export function composeMail(
	kind: MailKind,
	vars: MailVars,
	opts: {
		/** the clinic's rewording, if any */
		template?: MailTemplate;
		/** the clinic's accent colour for the heading and button */
		accent?: string;
		/** the clinic's logo: an absolute https or http address, its size for the layout */
		logo?: { url: string; width: number; height: number };
		/** the unsubscribe line of optional messages */
		footer?: { text: string; link: string; linkLabel: string };
	} = {}
): ComposedMail {
	const { footer } = opts;
	const template = opts.template ?? DEFAULT_TEMPLATES[kind];
	const subject = fill(template.subject, vars)
		.replace(/[\r\n]+/g, ' ')
		.trim();
	const paragraphs = template.body
		.replace(/\r\n/g, '\n')
		.trim()
		.split(/\n{2,}/);
	const text = [
		...paragraphs.map((p) => fill(p, vars)),
		...(footer ? [`—\n${footer.text}\n${footer.linkLabel}: ${footer.link}`] : [])
	].join('\n\n');
	const accent = /^#[0-9a-f]{6}$/i.test(opts.accent ?? '') ? opts.accent! : '#1d5c63';
	const htmlParagraphs = paragraphs.map((p) => {
		if (p.trim() === '{link}' && vars.link) {
			const href = escapeHtml(vars.link);
			return `<p style="margin:24px 0"><a href="${href}" style="display:inline-block;background:${accent};color:#fff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">${escapeHtml(buttonLabel(kind))}</a></p><p style="font-size:13px;color:#555;word-break:break-all">${href}</p>`;
		}
		return `<p style="margin:0 0 16px">${escapeHtml(fill(p, vars)).replace(/\n/g, '<br>')}</p>`;
	});
	const foot = footer
		? `<hr style="border:0;border-top:1px solid #ddd;margin:24px 0"><p style="font-size:13px;color:#555">${escapeHtml(footer.text)} <a href="${escapeHtml(footer.link)}" style="color:#555">${escapeHtml(footer.linkLabel)}</a></p>`
		: '';
	// the logo in place of the name, its alt text the name (mail clients that block images show it)
	const logo = opts.logo && /^https?:\/\//.test(opts.logo.url) ? opts.logo : null;
	const clinicName = escapeHtml(vars.clinicName ?? '');
	const masthead = logo
		? `<p style="margin:0 0 24px"><img src="${escapeHtml(logo.url)}" alt="${clinicName}" width="${Math.round((logo.width * 40) / logo.height)}" height="40" style="display:block;height:40px;width:auto;max-width:240px;border:0"></p>`
		: `<p style="margin:0 0 24px;font-weight:600;color:${accent}">${clinicName}</p>`;
	const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head><body style="margin:0;padding:0;background:#f6f7f7"><div style="max-width:560px;margin:0 auto;padding:24px 20px;font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1b1f23;background:#fff">${masthead}${htmlParagraphs.join('')}${foot}</div></body></html>`;
	return { subject, text, html };
}

function buttonLabel(kind: MailKind): string {
	switch (kind) {
		case 'password_reset':
			return 'Choose a new password';
		case 'email_change_confirm':
			return 'Confirm this address';
		case 'patient_invitation':
		case 'staff_invitation':
			return 'Accept the invitation';
		case 'session_reminder':
			return 'Book your visit';
		default:
			return 'Open your timeline';
	}
}
