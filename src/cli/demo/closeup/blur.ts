// A box blur run once across and once down approximates the soft spread of light in skin and
// of an out-of-focus lens well enough at these radii, and costs four reads a pixel whatever
// the radius: the running sums never revisit a pixel.

/** Blurs `src` (`channels` interleaved floats a pixel) into `dst`; `tmp` is scratch of the same size. */
export function boxBlur(
	src: Float32Array,
	dst: Float32Array,
	tmp: Float32Array,
	w: number,
	h: number,
	r: number,
	channels = 1
) {
	r = Math.max(1, Math.round(r));
	const n = 2 * r + 1;
	const rowLen = w * channels;
	// Across each row; past the frame's edges the edge pixel repeats.
	for (let y = 0; y < h; y++) {
		const o = y * rowLen;
		for (let c = 0; c < channels; c++) {
			let sum = src[o + c] * (r + 1);
			for (let x = 1; x <= r; x++) {
				sum += src[o + Math.min(x, w - 1) * channels + c];
			}
			for (let x = 0; x < w; x++) {
				tmp[o + x * channels + c] = sum / n;
				const add = Math.min(x + r + 1, w - 1);
				const drop = Math.max(x - r, 0);
				sum += src[o + add * channels + c] - src[o + drop * channels + c];
			}
		}
	}
	// Down the columns, a row at a time so memory is read in order.
	const col = new Float32Array(rowLen);
	for (let i = 0; i < rowLen; i++) {
		col[i] = tmp[i] * (r + 1);
	}
	for (let y = 1; y <= r; y++) {
		const o = Math.min(y, h - 1) * rowLen;
		for (let i = 0; i < rowLen; i++) {
			col[i] += tmp[o + i];
		}
	}
	for (let y = 0; y < h; y++) {
		const o = y * rowLen;
		const add = Math.min(y + r + 1, h - 1) * rowLen;
		const drop = Math.max(y - r, 0) * rowLen;
		for (let i = 0; i < rowLen; i++) {
			dst[o + i] = col[i] / n;
			col[i] += tmp[add + i] - tmp[drop + i];
		}
	}
}
