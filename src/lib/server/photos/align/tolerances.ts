// How far a photo may differ from its course's baseline before the capture check warns, and how
// sure an alignment must be to be kept. A warning never blocks anything: the clinician retakes
// or keeps the photo, and a kept warning stays on it.

/**
 * ECC's correlation below which an alignment is not kept (the pair is shown as taken). In the
 * issue 18 evaluation (1,000+ synthetic cases) every correct alignment scored ≥ 0.975 and every
 * wrong one ≤ 0.67; here the bench's 400 correct ones scored ≥ 0.988, and unrelated photos 0.33
 * (a landscape onto a portrait) and 0.55 (another person's portrait). 0.8 sits between the two
 * with room for real before/after pairs, which correlate less than a re-rendered demo photo
 * (another day, another expression, healed skin).
 */
export const MIN_CONFIDENCE = 0.8;

/**
 * ORB + ECC below this correlation is retried with the ECC scale search, which needs no features
 * (smooth skin has few): "ORB+ECC if cc ≥ 0.98, else the search" was right in 300/300 of the
 * evaluation's abdomen cases where ORB+ECC alone got 94–100 %.
 */
export const RETRY_BELOW = 0.98;

/**
 * Sharpness (fine detail over detail twice as coarse, the same region of both at the same scale)
 * under this share of the baseline's: "blurred". On the Obama fixture at 910 px, copies moved by
 * a similarity (resampled twice, re-encoded) kept 0.90–0.97 and a Gaussian blur of σ 1.5 px (a
 * missed focus of about σ 5 px at 12 MP) fell to 0.65, σ 2 px to 0.57.
 */
export const BLUR_RATIO = 0.7;

/**
 * Sharpness is judged only over at least this many pixels of both regions (about 120 × 120).
 * The e2e suite's 240 px template photos, whose face regions hold a few thousand, were called
 * "blurred" 13 times in 220 against their own untouched copies; at 12 MP a face region is
 * measured at 256 px a side, 60,000 pixels.
 */
export const MIN_SHARPNESS_SAMPLES = 120 * 120;

/**
 * Exposure, in stops of linear light, beyond which a photo is "darker"/"brighter" than the
 * baseline: half a stop is about ±30 % of the light (an sRGB gain of 0.85 or 1.15), easily seen
 * side by side, and more than a clinic's fixed lights vary between visits.
 */
export const EXPOSURE_EV = 0.5;

/**
 * White balance: the photo's R/G or B/G (linear, over the same region) may differ from the
 * baseline's by this factor before "colour" is shown. 15 % is roughly the step from a 4000 K to
 * a 5000 K light; healing skin (less redness) moves R/G by under 5 % over the whole region.
 */
export const WHITE_BALANCE_RATIO = 1.15;

/** In-plane rotation needing correction beyond which a photo is "tilted". */
export const TILT_DEG = 5;

/**
 * Head turned (yaw) differently from the baseline by more than this: "turned". Alignment cannot
 * fix a turn (it is out of the image plane), and at 10° the far cheek visibly narrows.
 */
export const TURN_DEG = 10;

/** Distance (scale off by more than 10 %) or framing (centre moved by > 10 % of the width). */
export const FRAMING_SCALE = 0.1;
export const FRAMING_SHIFT = 0.1;
