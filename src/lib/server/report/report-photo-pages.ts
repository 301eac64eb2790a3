import { formatDate } from '../../format';
import type { ReportData, ReportPhoto, ReportView } from './report-data';
import type { ViewImages } from './report-photos';
import { room, sectionHeading } from './report-course';
import { CONTENT_WIDTH, INK, MUTED, PAGE, SIZE } from './report-style';

type Doc = PDFKit.PDFDocument;
const X = PAGE.margin;
/** Two portrait pairs fit a page with their captions. */
const MAX_PHOTO_HEIGHT = 250;
const GAP = 2;

const caption = (which: string, p: ReportPhoto) =>
	`${which} · ${formatDate(p.takenOn)} · session ${p.session}`;

/**
 * Each view's first and latest photo side by side in one rounded frame, 2 pt apart, as the app
 * shows a pair, captioned with dates, and a line saying whether the latest was aligned.
 */
export function drawPhotos(doc: Doc, data: ReportData, images: ViewImages[]) {
	doc.addPage();
	doc
		.font('heading')
		.fontSize(SIZE.section + 3)
		.fillColor(INK)
		.text('Photos: first and latest', X, PAGE.margin, { width: CONTENT_WIDTH });
	if (data.views.length === 0) {
		doc
			.font('body')
			.fontSize(SIZE.body)
			.fillColor(MUTED)
			.text('No photo of this course yet.', { width: CONTENT_WIDTH });
		return;
	}
	doc
		.font('body')
		.fontSize(SIZE.body)
		.fillColor(MUTED)
		.text(
			'Each view’s first photo of the course beside its latest. An aligned latest photo is turned and scaled to match the first; grey shows where it has no picture.',
			{ width: CONTENT_WIDTH }
		);
	data.views.forEach((v, i) => drawView(doc, v, images[i], data.clinic.accent));
}

function drawView(doc: Doc, v: ReportView, img: ViewImages, accent: string) {
	const half = (CONTENT_WIDTH - GAP) / 2;
	const aspect = v.first.variant.height / v.first.variant.width;
	const w = Math.min(half, MAX_PHOTO_HEIGHT / aspect);
	const h = w * aspect;
	const total = v.latest ? 2 * w + GAP : w;
	const left = X + (CONTENT_WIDTH - total) / 2;
	room(doc, h + 84);
	sectionHeading(doc, v.label, left);
	const top = doc.y + 2;
	doc.save();
	doc.roundedRect(left, top, total, h, 8).clip();
	doc.image(img.first, left, top, { width: w, height: h });
	if (img.latest && v.latest) {
		// the latest as taken keeps its own shape inside the frame; aligned it is the first's
		doc.image(img.latest, left + w + GAP, top, { fit: [w, h], align: 'center', valign: 'center' });
	}
	doc.restore();
	tag(doc, 'First', left + 8, top + h - 24);
	if (v.latest) {
		tag(doc, 'Latest', left + w + GAP + 8, top + h - 24);
	}
	const below = top + h + 6;
	doc.font('body').fontSize(SIZE.note).fillColor(INK);
	doc.text(caption('First', v.first), left, below, { width: w, lineBreak: false });
	if (v.latest) {
		doc.text(caption('Latest', v.latest), left + w + GAP, below, { width: w, lineBreak: false });
	}
	const note = !v.latest
		? 'Only one photo of this view so far.'
		: img.aligned
			? 'Latest aligned to the first photo.'
			: img.note;
	doc.fillColor(img.aligned ? accent : MUTED).text(note ?? '', left, below + 13, { width: total });
	doc.x = X;
	doc.y = below + 30;
}

/** The "Before"/"After" tag of the app: a small white pill on the photo. */
function tag(doc: Doc, label: string, x: number, y: number) {
	doc.font('heading').fontSize(SIZE.note);
	const w = doc.widthOfString(label) + 12;
	doc.roundedRect(x, y, w, 16, 8).fillOpacity(0.9).fillColor('#ffffff').fill();
	doc
		.fillOpacity(1)
		.fillColor(INK)
		.text(label, x + 6, y + 3.5, { lineBreak: false });
}
