/**
 * The page links a long result list shows: the first and last pages, the current one and two
 * either side, and a gap where pages are left out ("1 … 4 5 6 7 8 … 417"). Listing every page
 * put 417 links in a 10,000-case gallery: most of its layout work, and no help to anyone.
 * A gap never stands for a single page: that page is shown instead. Nine pages or fewer are all
 * listed (the most a window shows).
 */
export function pageWindow(current: number, total: number, around = 2): (number | 'gap')[] {
	// as many links as the widest window has: nothing to leave out
	if (total <= 2 * around + 5) {
		return Array.from({ length: total }, (_, i) => i + 1);
	}
	const shown = new Set([1, total]);
	for (let n = current - around; n <= current + around; n++) {
		if (n >= 1 && n <= total) {
			shown.add(n);
		}
	}
	const pages = [...shown].sort((a, b) => a - b);
	const out: (number | 'gap')[] = [];
	for (const [i, n] of pages.entries()) {
		const prev = pages[i - 1];
		if (prev !== undefined && n - prev === 2) {
			out.push(n - 1);
		} else if (prev !== undefined && n - prev > 2) {
			out.push('gap');
		}
		out.push(n);
	}
	return out;
}
