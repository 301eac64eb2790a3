// The CSS that draws photo B in photo A's frame, given M (B's upright pixels → A's). The frame
// is a box with A's aspect ratio, so one A pixel is box-width ÷ A-width: B is sized by the same
// factor (B-width ÷ A-width of the box), then moved by M with its origin at the top-left corner.
// Percentages of a translate are of the element's own size, so dx is a share of B's width.
import type { Similarity } from './similarity';

export interface FrameSize {
	width: number;
	height: number;
}

export interface AlignedFrameStyle {
	width: string;
	height: string;
	transform: string;
}

// enough for a sub-pixel placement on any screen, short enough to read in a style attribute
const num = (v: number) => String(Math.round(v * 1e4) / 1e4);

export function alignedFrameStyle(m: Similarity, a: FrameSize, b: FrameSize): AlignedFrameStyle {
	return {
		width: `${num((b.width / a.width) * 100)}%`,
		height: `${num((b.height / a.height) * 100)}%`,
		transform:
			`translate(${num((m.dx / b.width) * 100)}%, ${num((m.dy / b.height) * 100)}%) ` +
			`rotate(${num(m.rotationDeg)}deg) scale(${num(m.scale)})`
	};
}
