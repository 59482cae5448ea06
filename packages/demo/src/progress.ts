/** A one-line progress bar on a TTY (redrawn in place), or a line every 10 % elsewhere. */
export class Progress {
  private lastDecile = -1;
  private readonly started = Date.now();

  /** `total` calls, or (when it is Infinity) until `deadline` (ms epoch). */
  constructor(
    private readonly total: number,
    private readonly deadline: number = Number.POSITIVE_INFINITY,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, failed: number): void {
    const fraction = Number.isFinite(this.total)
      ? this.total === 0
        ? 1
        : done / this.total
      : Math.min(1, (Date.now() - this.started) / Math.max(1, this.deadline - this.started));
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const of = Number.isFinite(this.total) ? `${done}/${this.total}` : `${done}`;
      this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${of} calls, ${failed} failed`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.out.write(`progress: ${Number.isFinite(this.total) ? `${done}/${this.total}` : done} calls, ${failed} failed\n`);
    }
  }

  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
