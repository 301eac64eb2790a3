// Face landmarks with @vladmandic/human on TensorFlow.js's WASM backend, loaded from the
// package's own models/ folder. Runs only inside the alignment worker: one detection is a
// synchronous block of 100–170 ms however it is awaited.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Config, FaceResult, Human } from '@vladmandic/human';
import { blockNetworkFetch } from './offline-fetch';
import type { Point } from './similarity';

const require = createRequire(import.meta.url);

/** A face as the alignment uses it, in the pixels of the image it was detected in. */
export interface Landmarks {
	score: number;
	box: [number, number, number, number];
	/** iris centres, the one further left in the image first */
	eyes: [Point, Point];
	/** the 468 mesh points (without the iris refinements): the coarse alignment fits all */
	mesh: Point[];
	/** both eyes' outlines, for the eye bar */
	eyeOutline: Point[];
	yawDeg: number;
	rollDeg: number;
}

// MediaPipe face-mesh indices of the two eyes' outlines (upper and lower lids, corners).
const EYE_OUTLINE = [
	33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246, 263, 249, 390, 373,
	374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466
];

export async function loadHuman(): Promise<Human> {
	blockNetworkFetch();
	// The package's "exports" keys lack their "./", so the WASM build cannot be required by its
	// subpath: it sits beside the main entry.
	const dist = path.dirname(require.resolve('@vladmandic/human'));
	const { Human: HumanClass } = require(path.join(dist, 'human.node-wasm.js')) as {
		Human: new (config: Partial<Config>) => Human;
	};
	const wasmDir = path.join(
		path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
		'dist'
	);
	const human = new HumanClass({
		backend: 'wasm',
		// both default to a CDN
		wasmPath: wasmDir + path.sep,
		modelBasePath: 'file://' + path.join(dist, '..', 'models') + path.sep,
		wasmPlatformFetch: false,
		debug: false,
		// every photo stands alone: no reuse of a previous frame's result
		cacheSensitivity: 0,
		filter: { enabled: false },
		face: {
			enabled: true,
			detector: {
				enabled: true,
				rotation: true,
				maxDetected: 1,
				minConfidence: 0.2,
				return: false
			},
			mesh: { enabled: true },
			iris: { enabled: true },
			attention: { enabled: false },
			description: { enabled: false },
			emotion: { enabled: false },
			antispoof: { enabled: false },
			liveness: { enabled: false }
		},
		body: { enabled: false },
		hand: { enabled: false },
		object: { enabled: false },
		gesture: { enabled: false },
		segmentation: { enabled: false }
	} as Partial<Config>);
	await human.load();
	// The first detection compiles the graphs (about a second): done now, not on a photo.
	await human.warmup();
	return human;
}

/** The most confident face in an RGB image, or null. */
export async function findLandmarks(
	human: Human,
	rgb: { data: Uint8Array; width: number; height: number }
): Promise<Landmarks | null> {
	const view = new Uint8Array(rgb.data.buffer, rgb.data.byteOffset, rgb.width * rgb.height * 3);
	const input = human.tf.tensor3d(view, [rgb.height, rgb.width, 3], 'int32');
	let face: FaceResult | undefined;
	try {
		face = (await human.detect(input)).face[0];
	} finally {
		input.dispose();
	}
	if (!face || face.mesh.length < 468) {
		return null;
	}
	const mesh = face.mesh.slice(0, 468).map(([x, y]) => [x, y] as Point);
	const irisA = face.annotations.leftEyeIris?.[0];
	const irisB = face.annotations.rightEyeIris?.[0];
	const centre = (i: number, j: number): Point => [
		(mesh[i][0] + mesh[j][0]) / 2,
		(mesh[i][1] + mesh[j][1]) / 2
	];
	// Iris centres when the iris model ran; the eye corners' midpoints otherwise.
	const eyes = (
		irisA && irisB
			? [
					[irisA[0], irisA[1]],
					[irisB[0], irisB[1]]
				]
			: [centre(33, 133), centre(362, 263)]
	).sort((a, b) => a[0] - b[0]) as [Point, Point];
	const angle = face.rotation?.angle;
	return {
		score: face.score,
		box: [...face.box] as Landmarks['box'],
		eyes,
		mesh,
		eyeOutline: EYE_OUTLINE.map((i) => mesh[i]),
		yawDeg: ((angle?.yaw ?? 0) * 180) / Math.PI,
		rollDeg: ((angle?.roll ?? 0) * 180) / Math.PI
	};
}
