// What the last ECC step compares, and the correlation the confidence is judged on. Both images
// are the working greys (8-bit), the photo already warped into the baseline's frame.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see registration.ts
type Cv = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mat = any;

/**
 * Detail finer than this (in working pixels, 512 on the long side) is kept: pores and skin
 * lines are 1–4 px there, a scar or a feature's edge up to about 10; a melasma patch or the
 * light across a cheek, which change between sessions, are broader.
 */
const TEXTURE_SIGMA = 8;

/**
 * Each image minus its own blur (float): the fine texture. The mask loses the band along its
 * edge where the blur reached past it into the warp's black border.
 */
export function textureOf(cv: Cv, images: Mat[], mask: Mat): Mat[] {
	const reach = Math.ceil(2 * TEXTURE_SIGMA) * 2 + 1;
	const kernel = cv.Mat.ones(reach, reach, cv.CV_8U);
	cv.erode(mask, mask, kernel);
	kernel.delete();
	return images.map((m) => {
		const f = new cv.Mat();
		const blur = new cv.Mat();
		m.convertTo(f, cv.CV_32F);
		cv.GaussianBlur(f, blur, new cv.Size(0, 0), TEXTURE_SIGMA);
		cv.subtract(f, blur, f);
		blur.delete();
		return f;
	});
}

/**
 * The zero-mean normalised correlation of the two images over the mask, both smoothed as ECC
 * smooths them (a 5 × 5 Gaussian): the number findTransformECC reports for a warp.
 */
export function plainCorrelation(cv: Cv, a: Mat, b: Mat, mask: Mat): number {
	const [sa, sb] = [a, b].map((m) => {
		const o = new cv.Mat();
		cv.GaussianBlur(m, o, new cv.Size(5, 5), 0);
		return o;
	});
	const [da, db, dm] = [sa.data as Uint8Array, sb.data as Uint8Array, mask.data as Uint8Array];
	let [n, ma, mb] = [0, 0, 0];
	for (let i = 0; i < dm.length; i++) {
		if (dm[i]) {
			n++;
			ma += da[i];
			mb += db[i];
		}
	}
	[ma, mb] = [ma / Math.max(1, n), mb / Math.max(1, n)];
	let [ab, aa, bb] = [0, 0, 0];
	for (let i = 0; i < dm.length; i++) {
		if (dm[i]) {
			const [x, y] = [da[i] - ma, db[i] - mb];
			ab += x * y;
			aa += x * x;
			bb += y * y;
		}
	}
	// the arrays above are views of OpenCV's heap: freed only once read
	sa.delete();
	sb.delete();
	return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
