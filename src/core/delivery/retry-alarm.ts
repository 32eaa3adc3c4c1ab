import type { Clock } from '../ports.js';

/**
 * Retries wait in the delivery log (pending, unleased until their time), so any replica can pick
 * them up. This alarm makes the process that scheduled them look again right when the earliest is
 * due, instead of at the next periodic recovery. One timer, re-armed for the next instant each time.
 */
export class RetryAlarm {
  private instants: number[] = [];
  private timer: { at: number; handle: NodeJS.Timeout } | undefined;
  private cancelled = false;

  constructor(
    private readonly clock: Clock,
    private readonly wake: () => Promise<unknown>,
  ) {}

  /** Wakes at `at` (epoch ms), a few ms late so the row's lease has certainly run out. */
  at(at: number): void {
    if (this.cancelled) return;
    this.instants.push(at);
    this.instants.sort((a, b) => a - b);
    this.arm();
  }

  cancel(): void {
    this.cancelled = true;
    if (this.timer) clearTimeout(this.timer.handle);
    this.timer = undefined;
    this.instants = [];
  }

  private arm(): void {
    const earliest = this.instants[0];
    if (earliest === undefined || this.cancelled || this.timer?.at === earliest) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const delay = Math.max(0, earliest - this.clock.now().getTime()) + 5;
    const handle = setTimeout(() => {
      this.timer = undefined;
      const now = this.clock.now().getTime();
      // Forget only instants strictly before now: recovery takes rows whose lease ended *before*
      // its own (later) now, so one due this very millisecond must keep its wake-up.
      this.instants = this.instants.filter((instant) => instant >= now);
      void this.wake()
        .catch(() => undefined)
        .finally(() => this.arm());
    }, delay);
    handle.unref?.();
    this.timer = { at: earliest, handle };
  }
}
