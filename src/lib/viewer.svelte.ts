/**
 * The photo viewer's zoom and pan, and the gestures that drive them: the wheel and a pinch
 * zoom about the point under them, a drag pans a zoomed photo, and a sideways swipe over an
 * unzoomed one asks for the neighbour. The image is scaled from its top-left corner inside a
 * stage of the same size, so `x`/`y` are the stage pixels it is moved by.
 */
export class Zoom {
	readonly max = 8;
	scale = $state(1);
	x = $state(0);
	y = $state(0);
	/** the stage, for zooming about its centre from a button or a key */
	el: HTMLElement | null = null;

	// bookkeeping of the fingers down, read in handlers only: nothing renders from it
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private pointers = new Map<number, { x: number; y: number }>();
	private start: { x: number; y: number } | null = null;
	private pinch: { distance: number; scale: number } | null = null;
	/** a gesture that zoomed or panned is not also a swipe */
	private moved = false;

	reset(): void {
		this.scale = 1;
		this.x = 0;
		this.y = 0;
	}

	/** Zooms by `factor` about a point of the stage (its centre by default). */
	by(factor: number, at?: { x: number; y: number }): void {
		const box = this.el?.getBoundingClientRect();
		const point = at ?? (box ? { x: box.width / 2, y: box.height / 2 } : { x: 0, y: 0 });
		const next = Math.min(this.max, Math.max(1, this.scale * factor));
		const k = next / this.scale;
		this.scale = next;
		this.x = point.x - (point.x - this.x) * k;
		this.y = point.y - (point.y - this.y) * k;
		this.clamp();
	}

	wheel(e: WheelEvent, stage: HTMLElement): void {
		e.preventDefault();
		this.el = stage;
		this.by(Math.exp(-e.deltaY * 0.002), this.local(e, stage));
	}

	down(e: PointerEvent, stage: HTMLElement): void {
		this.el = stage;
		stage.setPointerCapture(e.pointerId);
		this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
		if (this.pointers.size === 1) {
			this.start = { x: e.clientX, y: e.clientY };
			this.moved = false;
		} else if (this.pointers.size === 2) {
			this.pinch = { distance: this.distance(), scale: this.scale };
			this.moved = true;
		}
	}

	move(e: PointerEvent): void {
		const last = this.pointers.get(e.pointerId);
		if (!last || !this.el) {
			return;
		}
		this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
		if (this.pinch && this.pointers.size === 2) {
			const [a, b] = [...this.pointers.values()];
			const box = this.el.getBoundingClientRect();
			const mid = { x: (a.x + b.x) / 2 - box.left, y: (a.y + b.y) / 2 - box.top };
			this.by((this.pinch.scale * this.distance()) / this.pinch.distance / this.scale, mid);
		} else if (this.scale > 1) {
			this.moved = true;
			this.x += e.clientX - last.x;
			this.y += e.clientY - last.y;
			this.clamp();
		}
	}

	/** Ends a pointer; a quick sideways stroke of one finger at 100 % calls `swipe(dx)`. */
	up(e: PointerEvent, swipe?: (dx: number) => void): void {
		this.pointers.delete(e.pointerId);
		if (this.pointers.size < 2) {
			this.pinch = null;
		}
		if (this.pointers.size > 0 || !this.start) {
			return;
		}
		const dx = e.clientX - this.start.x;
		const dy = e.clientY - this.start.y;
		this.start = null;
		if (e.type === 'pointerup' && swipe && !this.moved && this.scale === 1) {
			if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) {
				swipe(dx);
			}
		}
	}

	private local(e: { clientX: number; clientY: number }, stage: HTMLElement) {
		const box = stage.getBoundingClientRect();
		return { x: e.clientX - box.left, y: e.clientY - box.top };
	}

	private distance(): number {
		const [a, b] = [...this.pointers.values()];
		return Math.hypot(a.x - b.x, a.y - b.y) || 1;
	}

	/** The photo always covers the stage: no panning past its edges. */
	private clamp(): void {
		const box = this.el?.getBoundingClientRect();
		if (!box) {
			return;
		}
		this.x = Math.min(0, Math.max(box.width * (1 - this.scale), this.x));
		this.y = Math.min(0, Math.max(box.height * (1 - this.scale), this.y));
	}
}
