// The head's relief in texture space, from its radius map: surface normals, the occlusion of
// its cavities (eye sockets, nostrils, creases) and the soft cast shadow of the nose.

const sq = (x: number) => x * x;

/** Outward unit normals of the surface (r sin φ, y, r cos φ), in head coordinates. */
export function normals(
	R: Float32Array,
	tw: number,
	h: number,
	dphi: number,
	sin: Float32Array,
	cos: Float32Array
) {
	const n = tw * h;
	const [nx, ny, nz] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
	for (let y = 0; y < h; y++) {
		const up = Math.max(0, y - 1) * tw;
		const dn = Math.min(h - 1, y + 1) * tw;
		for (let x = 0; x < tw; x++) {
			const o = y * tw + x;
			const r = R[o];
			if (r <= 0) {
				continue;
			}
			const l = R[y * tw + (x === 0 ? tw - 1 : x - 1)];
			const rr = R[y * tw + (x === tw - 1 ? 0 : x + 1)];
			const rphi = ((rr > 0 ? rr : r) - (l > 0 ? l : r)) / (2 * dphi);
			const ru = R[up + x] > 0 ? R[up + x] : r;
			const rd = R[dn + x] > 0 ? R[dn + x] : r - (ru - r);
			const ry = (rd - ru) / 2;
			const s = sin[x];
			const c = cos[x];
			const ax = rphi * s + r * c;
			const az = rphi * c - r * s;
			const bx = ry * s;
			const bz = ry * c;
			const vx = -az;
			const vy = az * bx - ax * bz;
			const vz = ax;
			const inv = 1 / Math.sqrt(vx * vx + vy * vy + vz * vz);
			nx[o] = vx * inv;
			ny[o] = vy * inv;
			nz[o] = vz * inv;
		}
	}
	return { nx, ny, nz };
}

/** How far each texel sits below the average of its surroundings: creases, sockets, folds. */
/**
 * The nose's soft cast shadow from the key light (up and to the image's left): beside the nose
 * on the image-right side and under its tip onto the upper lip. It is painted on the skin, so it
 * turns with the head; the light moves with the camera, but over ±45° the shadow stays on the
 * side of the nose away from it, and in profile it lies on the far side.
 */
export function noseShadow(
	ao: Float32Array,
	tw: number,
	h: number,
	S: number,
	eyeY: number,
	c0: number
) {
	const y0 = Math.max(0, Math.floor(eyeY + 1.2 * S));
	const y1 = Math.min(h - 1, Math.ceil(eyeY + 5.4 * S));
	const x0 = Math.max(0, Math.floor(c0 - 0.6 * S));
	const x1 = Math.min(tw - 1, Math.ceil(c0 + 2.4 * S));
	for (let y = y0; y <= y1; y++) {
		const Y = (y - eyeY) / S;
		for (let x = x0; x <= x1; x++) {
			const X = (x - c0) / S;
			// Along the side of the nose, widening towards the tip, then a pool under the tip.
			const side = Math.exp(-sq((X - 0.55 - 0.12 * Y) / (0.22 + 0.06 * Y))) * bellish(Y, 1.6, 4);
			const under = Math.exp(-sq((X - 0.45) / 0.75) - sq((Y - 4.45) / 0.32));
			const o = y * tw + x;
			ao[o] = Math.min(1, ao[o] + 0.16 * side + 0.32 * under);
		}
	}
	return ao;
}

/** 1 between a and b, easing to 0 over half a centimetre outside them. */
function bellish(Y: number, a: number, b: number) {
	return Math.min(1, Math.max(0, (Y - a + 0.5) / 0.5), Math.max(0, (b + 0.5 - Y) / 0.5));
}

export function cavities(R: Float32Array, tw: number, h: number, S: number) {
	const rad = Math.max(2, Math.round(0.45 * S));
	const tmp = new Float32Array(R.length);
	const out = new Float32Array(R.length);
	// Two box passes each way: a tent, whose blurred steps have no edges of their own.
	for (let pass = 0; pass < 2; pass++) {
		boxRows(pass === 0 ? R : out, tmp, tw, h, rad);
		boxCols(tmp, out, tw, h, rad);
	}
	for (let o = 0; o < R.length; o++) {
		out[o] = R[o] > 0 ? Math.min(1, Math.max(0, (out[o] - R[o]) / (0.35 * S))) : 0;
	}
	return out;
}

function boxRows(src: Float32Array, dst: Float32Array, tw: number, h: number, rad: number) {
	for (let y = 0; y < h; y++) {
		const row = y * tw;
		let sum = 0;
		for (let i = -rad; i <= rad; i++) {
			sum += src[row + ((i + tw) % tw)];
		}
		for (let x = 0; x < tw; x++) {
			dst[row + x] = sum / (2 * rad + 1);
			sum += src[row + ((x + rad + 1) % tw)] - src[row + ((x - rad + tw) % tw)];
		}
	}
}

function boxCols(src: Float32Array, dst: Float32Array, tw: number, h: number, rad: number) {
	// Running sums for every column at once, row after row: the memory is read in order.
	const sum = new Float32Array(tw);
	for (let i = -rad; i <= rad; i++) {
		const row = Math.min(h - 1, Math.max(0, i)) * tw;
		for (let x = 0; x < tw; x++) {
			sum[x] += src[row + x];
		}
	}
	const norm = 1 / (2 * rad + 1);
	for (let y = 0; y < h; y++) {
		const row = y * tw;
		const add = Math.min(h - 1, y + rad + 1) * tw;
		const sub = Math.max(0, y - rad) * tw;
		for (let x = 0; x < tw; x++) {
			dst[row + x] = sum[x] * norm;
			sum[x] += src[add + x] - src[sub + x];
		}
	}
}
