/** Progress for long work: a redrawn bar on a terminal, a line every few seconds in logs. */
export interface ProgressSink {
  update(done: number, total: number, seconds: number): void;
  finish(): void;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function describeProgress(label: string, done: number, total: number, seconds: number): string {
  const fraction = total > 0 ? done / total : 0;
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  return `${label} ${(fraction * 100).toFixed(0).padStart(3)}%  ${count(done)}/${count(total)} cells  ${count(rate)} cells/s  ETA ${formatSeconds(eta)}`;
}

export function progressSink(label: string, stream: NodeJS.WriteStream = process.stderr, intervalSeconds = 5): ProgressSink {
  const tty = stream.isTTY === true;
  // In logs the first line waits a full interval: a 0% line says nothing.
  let lastLine = 0;
  let drawn = false;
  return {
    update(done, total, seconds) {
      if (tty) {
        const width = 24;
        const filled = total > 0 ? Math.round((done / total) * width) : 0;
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
        stream.write(`\r${bar} ${describeProgress(label, done, total, seconds)}\x1b[K`);
        drawn = true;
      } else if (seconds - lastLine >= intervalSeconds && done < total) {
        stream.write(`${describeProgress(label, done, total, seconds)}\n`);
        lastLine = seconds;
      }
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
