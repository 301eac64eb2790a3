// `npm run bench`: every benchmark, one JSON summary on stdout. Targets are checked here and
// reported, not asserted in tests (timing on shared machines is not a pass/fail matter).
import os from 'node:os';
import { photoPipelineBench } from './photo-pipeline';
import { uploadRssBench } from './upload-rss';

const pipeline = await photoPipelineBench();
const rss = await uploadRssBench(10);
const summary = {
	machine: { cpus: os.cpus().length, node: process.version },
	photo_pipeline: pipeline,
	upload_memory: rss,
	targets: {
		ratio_le_1_3: pipeline.jpeg_12mp.ratio <= 1.3,
		peak_rss_le_600mb: rss.peak_rss_mb <= 600,
		upload_answer_le_300ms: pipeline.upload_answer_ms_12mp_p50 <= 300
	}
};
console.log(JSON.stringify(summary, null, 2));
