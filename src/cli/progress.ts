// Progress bars for long steps. On a terminal, a live bar (cli-progress); elsewhere (CI, pipes) a line every 10%,
// so logs stay readable.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (total <= 0) return { update: () => undefined, stop: () => undefined };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(24)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} (ETA {eta_formatted})`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (d) => bar.update(d), stop: () => bar.stop() };
  }
  let lastDecile = -1;
  const started = Date.now();
  return {
    update(done) {
      const decile = Math.floor((done / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${done}/${total} (${decile * 10}%) ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      }
    },
    stop() {
      if (lastDecile < 10) stream.write(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
