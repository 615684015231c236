/** Keeps the last `capacity` lines a program printed, for fatal messages and /status. */
export class LineBuffer {
  private readonly lines: string[] = [];

  constructor(private readonly capacity: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  snapshot(): readonly string[] {
    return [...this.lines];
  }
}
