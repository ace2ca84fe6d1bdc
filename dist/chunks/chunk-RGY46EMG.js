import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);

// src/progress.ts
var count = (n) => Math.round(n).toLocaleString("en-US");
function formatSeconds(s) {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
function describeProgress(label, done, total, seconds) {
  const fraction = total > 0 ? done / total : 0;
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  return `${label} ${(fraction * 100).toFixed(0).padStart(3)}%  ${count(done)}/${count(total)} cells  ${count(rate)} cells/s  ETA ${formatSeconds(eta)}`;
}
function progressSink(label, stream = process.stderr, intervalSeconds = 5) {
  const tty = stream.isTTY === true;
  let lastLine = -Infinity;
  let drawn = false;
  return {
    update(done, total, seconds) {
      if (tty) {
        const width = 24;
        const filled = total > 0 ? Math.round(done / total * width) : 0;
        const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
        stream.write(`\r${bar} ${describeProgress(label, done, total, seconds)}\x1B[K`);
        drawn = true;
      } else if (seconds - lastLine >= intervalSeconds && done < total) {
        stream.write(`${describeProgress(label, done, total, seconds)}
`);
        lastLine = seconds;
      }
    },
    finish() {
      if (drawn) stream.write("\r\x1B[K");
      drawn = false;
    }
  };
}

export {
  formatSeconds,
  describeProgress,
  progressSink
};
