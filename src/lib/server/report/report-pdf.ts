import PDFDocument from 'pdfkit';
import { formatDate } from '../../format';
import type { ReportData } from './report-data';
import type { ViewImages } from './report-photos';
import { drawCourse } from './report-course';
import { drawPhotos } from './report-photo-pages';
import { CONTENT_WIDTH, FONTS, INK, MUTED, PAGE, SIZE } from './report-style';

export interface ReportInput {
	data: ReportData;
	/** the clinic's logo as PNG, when it has one */
	logo: Buffer | null;
	images: ViewImages[];
}

/** A4 pages of the course: the course and its grades and ratings, then the photos by view. */
export async function renderReportPdf({ data, logo, images }: ReportInput): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: PAGE.margin,
		// our own font from the start: pdfkit's default Helvetica is read from a file beside its
		// source, which the built server does not have
		font: FONTS.regular,
		bufferPages: true,
		info: {
			Title: `Progress report · ${data.patientName}`,
			Author: data.clinic.name,
			Subject: `${data.course.concern}, from ${formatDate(data.course.startedOn)}`
		}
	});
	doc.registerFont('body', FONTS.regular);
	doc.registerFont('heading', FONTS.heading);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve, reject) => {
		doc.on('end', resolve);
		doc.on('error', reject);
	});

	drawHeader(doc, data, logo);
	drawCourse(doc, data);
	drawPhotos(doc, data, images);
	drawFooters(doc, data);
	doc.end();
	await done;
	return Buffer.concat(chunks);
}

function drawHeader(doc: PDFKit.PDFDocument, data: ReportData, logo: Buffer | null) {
	const top = PAGE.margin;
	if (logo) {
		doc.image(logo, PAGE.margin, top, { fit: [170, 40] });
	} else {
		doc
			.font('heading')
			.fontSize(SIZE.section)
			.fillColor(data.clinic.accent)
			.text(data.clinic.name, PAGE.margin, top + 10, { width: CONTENT_WIDTH / 2 });
	}
	const right = { width: CONTENT_WIDTH / 2, align: 'right' as const };
	doc
		.font('heading')
		.fontSize(SIZE.note)
		.fillColor(data.clinic.accent)
		.text('PROGRESS REPORT', PAGE.margin + CONTENT_WIDTH / 2, top + 6, {
			...right,
			characterSpacing: 0.7
		})
		.font('body')
		.fillColor(MUTED)
		.text(logo ? data.clinic.name : '', right)
		.text(`Made ${formatDate(data.generatedOn)}`, right);
	doc
		.rect(PAGE.margin, top + 52, CONTENT_WIDTH, 1.5)
		.fillColor(data.clinic.accent)
		.fill();
	doc
		.font('heading')
		.fontSize(SIZE.title)
		.fillColor(INK)
		.text(data.patientName, PAGE.margin, top + 74, { width: CONTENT_WIDTH });
	const areas = data.course.areas.length ? ` · ${data.course.areas.join(', ')}` : '';
	doc
		.font('body')
		.fontSize(SIZE.section - 1)
		.fillColor(MUTED)
		.text(`${data.course.concern}${areas}`, { width: CONTENT_WIDTH });
	doc.y += 14;
}

/** "Clinic · Progress report for Name · made 3 Dec 2026" and "Page 2 of 3" on every page. */
function drawFooters(doc: PDFKit.PDFDocument, data: ReportData) {
	const range = doc.bufferedPageRange();
	const y = PAGE.height - 40;
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		// below the bottom margin: without this pdfkit would start a new page for the footer
		doc.page.margins.bottom = 0;
		doc
			.moveTo(PAGE.margin, y - 8)
			.lineTo(PAGE.margin + CONTENT_WIDTH, y - 8)
			.lineWidth(0.5)
			.strokeColor('#e3ddd5')
			.stroke();
		doc
			.font('body')
			.fontSize(SIZE.note)
			.fillColor(MUTED)
			.text(
				`${data.clinic.name} · Progress report for ${data.patientName} · made ${formatDate(data.generatedOn)}`,
				PAGE.margin,
				y,
				{ width: CONTENT_WIDTH - 80, lineBreak: false }
			)
			.text(`Page ${i + 1} of ${range.count}`, PAGE.margin + CONTENT_WIDTH - 80, y, {
				width: 80,
				align: 'right',
				lineBreak: false
			});
	}
}
