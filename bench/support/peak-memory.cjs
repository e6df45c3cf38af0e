'use strict';
// Preloaded (`node --require`) into the compaction function's process by bench/compaction-memory.ts.
// Writes to BENCH_MEMORY_FILE the process's peak resident set size as the kernel keeps it
// (getrusage's ru_maxrss, in KiB: a high-water mark, so no peak between samples is missed) and the
// largest V8 heap and ArrayBuffer figures seen by sampling every 100 ms, to tell where the peak
// was: every second, and at exit (`atExit`; the bootstrap ends every invocation with process.exit,
// which runs the 'exit' listeners). A process killed outright leaves its last report.
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_MEMORY_FILE;
const peak = { heapUsedBytes: 0, heapTotalBytes: 0, externalBytes: 0, arrayBuffersBytes: 0 };
let samples = 0;
const sample = () => {
  const m = process.memoryUsage();
  samples++;
  peak.heapUsedBytes = Math.max(peak.heapUsedBytes, m.heapUsed);
  peak.heapTotalBytes = Math.max(peak.heapTotalBytes, m.heapTotal);
  peak.externalBytes = Math.max(peak.externalBytes, m.external);
  peak.arrayBuffersBytes = Math.max(peak.arrayBuffersBytes, m.arrayBuffers);
};
const report = (atExit) =>
  writeFileSync(
    file,
    JSON.stringify({ atExit, maxRssKiB: process.resourceUsage().maxRSS, sampled: { ...peak, samples } }),
  );
if (file) {
  setInterval(() => {
    sample();
    if (samples % 10 === 0) report(false);
  }, 100).unref();
  process.on('exit', () => {
    sample();
    report(true);
  });
}
