// A progress bar for long CLI runs on a terminal; callers draw it only when stderr is a TTY.
export function progressBar() {
  return {
    draw(done: number, total: number) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    },
    clear() {
      process.stderr.write('\r\x1b[K');
    },
  };
}
