import {
	betterInWords,
	gradeLabel,
	groupRange,
	scaleOf,
	stepGroups,
	type GradingScaleId
} from '../../domain/grading-scales';
import { gradeInWords } from '../../domain/progress';
import { formatDate } from '../../format';
import type { ReportData } from './report-data';
import { drawRatingChart } from './report-chart';
import {
	CONTENT_BOTTOM,
	CONTENT_WIDTH,
	INK,
	LINE,
	MUTED,
	PAGE,
	SIZE,
	SUNKEN
} from './report-style';

type Doc = PDFKit.PDFDocument;
const X = PAGE.margin;

/** A new page when `height` more would run into the footer. */
export function room(doc: Doc, height: number) {
	if (doc.y + height > CONTENT_BOTTOM) {
		doc.addPage();
	}
}

/** `x`: where what it heads starts, when that is not the margin (a centred photo pair). */
export function sectionHeading(doc: Doc, title: string, x: number = X) {
	room(doc, 60);
	doc.y += 16;
	doc
		.font('heading')
		.fontSize(SIZE.section)
		.fillColor(INK)
		.text(title, x, doc.y, { width: CONTENT_WIDTH - (x - X) });
	doc.y += 6;
}

/** The course's facts, then its sessions, the clinician's grades and the patient's ratings. */
export function drawCourse(doc: Doc, data: ReportData) {
	drawFacts(doc, data);
	drawSessions(doc, data);
	if (data.scale) {
		drawGrades(doc, data, data.scale);
	}
	drawRatings(doc, data);
}

/** One band of figures with dividers, as the app shows single figures (never a box each). */
function drawFacts(doc: Doc, data: ReportData) {
	const done = data.sessions.length;
	const facts = [
		['Started', formatDate(data.course.startedOn)],
		['Sessions', `${done} of ${data.course.plannedSessions}`],
		['Interval', `Every ${data.course.intervalWeeks} weeks`],
		['Latest session', done ? formatDate(data.sessions[done - 1].performedOn) : 'None yet']
	];
	const top = doc.y;
	const w = CONTENT_WIDTH / facts.length;
	facts.forEach(([label, value], i) => {
		const x = X + i * w + (i ? 12 : 0);
		if (i) {
			doc
				.moveTo(X + i * w, top)
				.lineTo(X + i * w, top + 36)
				.lineWidth(0.6)
				.strokeColor(LINE)
				.stroke();
		}
		doc
			.font('body')
			.fontSize(SIZE.note)
			.fillColor(MUTED)
			.text(label, x, top, { width: w - 14, lineBreak: false });
		doc
			.font('heading')
			.fontSize(SIZE.section)
			.fillColor(INK)
			.text(value, x, top + 14, { width: w - 14, lineBreak: false });
	});
	doc.x = X;
	doc.y = top + 44;
}

interface Column {
	title: string;
	width: number;
	cell: (i: number) => string;
}

function drawSessions(doc: Doc, data: ReportData) {
	sectionHeading(doc, 'Sessions');
	if (data.sessions.length === 0) {
		doc.font('body').fontSize(SIZE.body).fillColor(MUTED).text('No session logged yet.', X);
		return;
	}
	const grade = (i: number) => {
		const r = data.rows[i];
		if (r.grade !== null && data.scale) {
			return gradeLabel(data.scale, r.grade);
		}
		if (r.otherGrade) {
			return `${gradeLabel(r.otherGrade.scale, r.otherGrade.value)} (${scaleOf(r.otherGrade.scale).shortName})`;
		}
		return r.baseline ? 'Baseline' : '—';
	};
	const depthShown = data.sessions.every((s) => s.depths !== null);
	const columns: Column[] = [
		{ title: 'Session', width: 52, cell: (i) => String(data.sessions[i].number) },
		{ title: 'Date', width: 78, cell: (i) => formatDate(data.sessions[i].performedOn) },
		...(depthShown
			? [{ title: 'Needle depth', width: 170, cell: (i: number) => data.sessions[i].depths || '—' }]
			: []),
		// the patient's copy has no depth column: the grade's wording gets its room
		{ title: 'Clinician’s grade', width: depthShown ? 125 : 295, cell: grade },
		{
			title: 'Own rating',
			width: 70,
			cell: (i) => (data.rows[i].rating === null ? '—' : `${data.rows[i].rating} of 10`)
		}
	];
	table(doc, columns, data.sessions.length);
}

/** A plain table: a muted header, hairlines between rows, wrapped cells. */
function table(doc: Doc, columns: Column[], count: number) {
	const pad = 5;
	const header = () => {
		const top = doc.y;
		let x = X;
		doc.font('heading').fontSize(SIZE.note).fillColor(MUTED);
		for (const c of columns) {
			doc.text(c.title, x, top, { width: c.width - 8, lineBreak: false });
			x += c.width;
		}
		doc.y = top + 14;
		rule(doc);
	};
	header();
	for (let i = 0; i < count; i++) {
		doc.font('body').fontSize(SIZE.body);
		const height =
			Math.max(...columns.map((c) => doc.heightOfString(c.cell(i), { width: c.width - 8 }))) +
			2 * pad;
		if (doc.y + height > CONTENT_BOTTOM) {
			doc.addPage();
			header();
		}
		const top = doc.y;
		let x = X;
		for (const c of columns) {
			doc
				.font('body')
				.fontSize(SIZE.body)
				.fillColor(INK)
				.text(c.cell(i), x, top + pad, { width: c.width - 8 });
			x += c.width;
		}
		doc.y = top + height;
		rule(doc);
	}
	doc.x = X;
}

function rule(doc: Doc) {
	doc
		.moveTo(X, doc.y)
		.lineTo(X + CONTENT_WIDTH, doc.y)
		.lineWidth(0.5)
		.strokeColor(LINE)
		.stroke();
}

/** The grades in a sentence, then the scale's own wording for each step. */
function drawGrades(doc: Doc, data: ReportData, scale: GradingScaleId) {
	const s = scaleOf(scale);
	sectionHeading(doc, `Grade on the ${s.shortName} scale`);
	const graded = data.rows.filter((r) => r.grade !== null);
	const said = graded.map((r) => `${gradeInWords(scale, r.grade!)} at session ${r.number}`);
	const sentence = graded.length
		? `${s.valueTitle}: ${said.join(', ')}.`
		: `No session has been graded on ${s.shortName} yet.`;
	doc
		.font('body')
		.fontSize(SIZE.body)
		.fillColor(INK)
		.text(sentence, X, doc.y, { width: CONTENT_WIDTH })
		.fillColor(MUTED)
		.text(`${s.measures} Scored ${s.min} to ${s.max}; ${betterInWords(scale)}.`, {
			width: CONTENT_WIDTH
		});
	doc.y += 6;
	const used = new Set(graded.map((r) => r.grade));
	for (const g of stepGroups(scale)) {
		const line = `${g.label} — ${g.description}`;
		const height = doc.heightOfString(line, { width: CONTENT_WIDTH - 50 }) + 6;
		room(doc, height);
		const top = doc.y;
		const mark = g.steps.some((st) => used.has(st.value));
		if (mark) {
			doc
				.roundedRect(X - 4, top - 2, CONTENT_WIDTH + 8, height, 4)
				.fillColor(SUNKEN)
				.fill();
		}
		doc
			.font('heading')
			.fontSize(SIZE.body)
			.fillColor(mark ? data.clinic.accent : INK)
			.text(groupRange(g), X, top + 1, { width: 40, lineBreak: false });
		doc
			.font(mark ? 'heading' : 'body')
			.fillColor(INK)
			.text(g.label, X + 50, top + 1, { continued: true })
			.font('body')
			.fillColor(MUTED)
			.text(` — ${g.description}`, { width: CONTENT_WIDTH - 50 });
		doc.y = top + height;
	}
	doc
		.font('body')
		.fontSize(SIZE.note)
		.fillColor(MUTED)
		.text(`Scale: ${s.name} (${s.source}). Shaded: grades given in this course.`, X, doc.y + 4, {
			width: CONTENT_WIDTH
		});
}

function drawRatings(doc: Doc, data: ReportData) {
	sectionHeading(doc, 'Own rating of the results');
	const rated = data.rows.filter((r) => r.rating !== null);
	doc
		.font('body')
		.fontSize(SIZE.body)
		.fillColor(MUTED)
		.text(
			rated.length
				? 'How happy the patient was with the result after each session, from 0 to 10 (higher is better).'
				: 'The patient has not rated a session yet.',
			X,
			doc.y,
			{ width: CONTENT_WIDTH }
		);
	if (!rated.length) {
		return;
	}
	const height = 150;
	room(doc, height + 10);
	const box = { x: X, y: doc.y + 8, width: CONTENT_WIDTH, height };
	drawRatingChart(doc, data.rows, box, data.clinic.accent);
	doc.x = X;
	doc.y = box.y + height + 4;
}
