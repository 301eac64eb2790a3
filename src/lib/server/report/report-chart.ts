import { RATING_MAX, RATING_MIN, runs, type ProgressRow } from '../../domain/progress';
import { formatDate } from '../../format';
import { LINE, MUTED, SIZE } from './report-style';

export interface ChartBox {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Room the axis labels take below and left of the plot. */
const LEFT = 22;
const BELOW = 28;

/**
 * The patient's own 0–10 ratings over the sessions, drawn as vectors so it prints sharp: evenly
 * spaced sessions as on /me, a line only within runs of rated sessions (no line across a
 * session they did not rate), a dot per rating with its value.
 */
export function drawRatingChart(
	doc: PDFKit.PDFDocument,
	rows: readonly ProgressRow[],
	box: ChartBox,
	accent: string
): void {
	const plot = {
		x: box.x + LEFT,
		y: box.y + 6,
		w: box.width - LEFT - 12,
		h: box.height - BELOW - 6
	};
	// the first and last sessions sit a little in from the ends, so their labels stay on the plot
	const inset = 24;
	const xAt = (i: number) =>
		rows.length <= 1
			? plot.x + plot.w / 2
			: plot.x + inset + (i / (rows.length - 1)) * (plot.w - 2 * inset);
	const yAt = (v: number) => plot.y + (1 - (v - RATING_MIN) / (RATING_MAX - RATING_MIN)) * plot.h;

	doc.save();
	doc.lineWidth(0.6).strokeColor(LINE);
	for (const v of [0, 5, 10]) {
		doc
			.moveTo(plot.x, yAt(v))
			.lineTo(plot.x + plot.w, yAt(v))
			.stroke();
		doc
			.fillColor(MUTED)
			.fontSize(SIZE.note)
			.text(String(v), box.x, yAt(v) - 4.5, { width: LEFT - 8, align: 'right', lineBreak: false });
	}
	rows.forEach((r, i) => {
		const label = `S${r.number}`;
		const date = formatDate(r.performedOn, { year: undefined });
		doc
			.fillColor(MUTED)
			.fontSize(SIZE.note)
			.text(label, xAt(i) - 30, plot.y + plot.h + 6, {
				width: 60,
				align: 'center',
				lineBreak: false
			})
			.text(date, xAt(i) - 30, plot.y + plot.h + 16, {
				width: 60,
				align: 'center',
				lineBreak: false
			});
	});

	const values = rows.map((r) => r.rating);
	doc.lineWidth(1.75).strokeColor(accent).lineJoin('round').lineCap('round');
	for (const run of runs(values)) {
		if (run.length < 2) {
			continue;
		}
		run.forEach((i, k) => {
			const [x, y] = [xAt(i), yAt(values[i]!)];
			if (k === 0) {
				doc.moveTo(x, y);
			} else {
				doc.lineTo(x, y);
			}
		});
		doc.stroke();
	}
	values.forEach((v, i) => {
		if (v === null) {
			return;
		}
		doc.circle(xAt(i), yAt(v), 3.2).fillColor(accent).fill();
		doc
			.fillColor(accent)
			.fontSize(SIZE.note)
			.text(String(v), xAt(i) - 15, yAt(v) - 14, { width: 30, align: 'center', lineBreak: false });
	});
	doc.restore();
}
