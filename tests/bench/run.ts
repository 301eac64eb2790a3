// `npm run bench`: every benchmark, one JSON summary on stdout. Targets are checked here and
// reported, not asserted in tests (timing on shared machines is not a pass/fail matter).
// `npm run bench -- timeline` runs only the named ones.
import os from 'node:os';
import { photoPipelineBench } from './photo-pipeline';
import { uploadRssBench } from './upload-rss';
import { timelineBench } from './timeline';
import { galleryBench } from './gallery';
import { loadBench } from './load';
import { bombsBench } from './bombs';
import { alignmentBench } from './alignment';
import { benchSocialCollage } from './social-collage';
import { reportPdfBench } from './report-pdf';
import { machineNow } from './relative';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

// Other engineers share these cores: the load when the run starts and ends says how much.
const summary: Record<string, unknown> = {
	machine: { cpus: os.cpus().length, node: process.version, at_start: machineNow() }
};
const targets: Record<string, boolean> = {};
if (wanted('pipeline')) {
	const pipeline = await photoPipelineBench();
	summary.photo_pipeline = pipeline;
	targets.ratio_le_1_3 = pipeline.jpeg_12mp.ratio <= 1.3;
	targets.upload_answer_le_300ms = pipeline.upload_answer_ms_12mp_p50 <= 300;
	// Issue 18: the iPhone HEIC's derivative set ≤ 2× a 12 MP JPEG's. Both comparisons are
	// targets: against the bench's synthetic 12 MP JPEG (blurred noise, landscape: its variants
	// hold 0.58× the HEIC portrait's pixels and cost AVIF half as much per pixel as a photo),
	// and against a 12 MP JPEG of the same picture, which leaves only the format's own cost.
	const heic = pipeline.heic_vs_jpeg;
	targets.heic_set_le_2x_synthetic_jpeg_12mp = heic.ratio_to_jpeg_12mp <= 2;
	targets.heic_set_le_2x_same_picture_jpeg = heic.ratio_to_jpeg_12mp_same_photo <= 2;
}
if (wanted('upload')) {
	const rss = await uploadRssBench(10);
	summary.upload_memory = rss;
	targets.peak_rss_le_600mb = rss.peak_rss_mb <= 600;
}
if (wanted('timeline')) {
	const timeline = await timelineBench();
	summary.timeline = timeline;
	targets.timeline_p50_le_30ms = timeline.page_html_ms.p50 <= 30;
	// The ratio to /robots.txt timed in the same rounds moves with the page, not the machine:
	// 7.3–8.6 over three runs at load 2.5–4.7 while every date built its own Intl formatter,
	// 6.1 and 6.6 with kept formatters (server CPU 22 → 13 ms), the second with others using
	// 64% of the cores. 8 leaves that spread room and fails the formatter cost coming back.
	targets.timeline_ratio_to_robots_le_8 = timeline.page_html_ms.ratio_to_robots_p50 <= 8;
}
if (wanted('gallery')) {
	const gallery = await galleryBench();
	summary.gallery = gallery;
	targets.gallery_p50_le_20ms = gallery.server_ms.gallery.p50 <= 20;
	// 13.1–13.4 over three runs at load 2.5–4.6, the code of 24 Nov included (its two 10,000-row
	// scans, count and facets, are most of it); 16 allows that spread and a little more, and
	// fails a lost index or a query per case. The case page is one indexed lookup: 2.9 measured.
	targets.gallery_ratio_to_robots_le_16 = gallery.server_ms.gallery.ratio_to_robots_p50 <= 16;
	targets.case_page_ratio_to_robots_le_4 = gallery.server_ms.case_page.ratio_to_robots_p50 <= 4;
	targets.gallery_first_view_le_300kb = gallery.first_view_phone.kb <= 300;
	// issue 18: publishing answers within 2 s (the AVIF renditions follow in a job)
	targets.publish_le_2s = gallery.publish_ms_per_case <= 2000;
	targets.lighthouse_performance_ge_95 =
		gallery.lighthouse_mobile.gallery.performance >= 95 &&
		gallery.lighthouse_mobile.case_page.performance >= 95;
	targets.lighthouse_accessibility_100 =
		gallery.lighthouse_mobile.gallery.accessibility === 100 &&
		gallery.lighthouse_mobile.case_page.accessibility === 100;
}
if (wanted('load')) {
	const load = await loadBench();
	summary.load = load;
	targets.load_zero_errors = load.zero_errors;
}
if (wanted('bombs')) {
	const bombs = await bombsBench();
	summary.bombs = bombs;
	targets.bombs_cost_le_2x_normal = Object.values(bombs.cpu).every(
		(f) => (f as { cpu_ms_upload_check_now: { ratio: number } }).cpu_ms_upload_check_now.ratio <= 2
	);
	targets.small_variant_p95_le_250ms_under_heavy_load =
		bombs.responsiveness.while_four_full_jpegs_are_made.small_variant_ms.p95 <= 250;
	targets.full_jpeg_made_once = bombs.responsiveness.full_jpegs_kept === 4;
}
if (wanted('alignment')) {
	const alignment = await alignmentBench();
	summary.alignment = alignment;
	const sets = Object.values(alignment.accuracy) as { pass_pct: number }[];
	targets.alignment_pass_ge_95pct = sets.every((s) => s.pass_pct >= 95);
	const costs = [
		alignment.cost_12mp.face,
		alignment.cost_12mp.closeup,
		alignment.cost_12mp.abdomen
	];
	targets.alignment_12mp_p50_le_400ms = costs.every((c) => c.per_photo_ms.p50 <= 400);
	targets.alignment_caller_stall_le_50ms = costs.every((c) => c.caller_event_loop_max_ms <= 50);
	// Memory is reported (cost_12mp.memory.added_by_alignment_mb), not judged here: issue 18's
	// 600 MB is for a whole server with 10 uploads, which the upload bench measures once the photo
	// job aligns; this bench process also holds its own rendered test images.
}
// issue 19: how long staff wait for a social collage and for a course's progress report
// (reported, no target was set)
if (wanted('exports')) {
	summary.exports = {
		social_collage_ms_p50: await benchSocialCollage(),
		progress_report: await reportPdfBench()
	};
}
(summary.machine as Record<string, unknown>).at_end = machineNow();
summary.targets = targets;
console.log(JSON.stringify(summary, null, 2));
