/** Big-endian integers, the byte order of JPEG, PNG, EXIF (as written here) and HEIF. */
export const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
export const u32 = (n: number) => {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(n);
	return b;
};
export const rationals = (pairs: [number, number][]) => Buffer.concat(pairs.flat().map(u32));
