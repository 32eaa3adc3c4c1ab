import { type ScheduledTask, schedule } from 'node-cron';
import type { Deliverer } from '../delivery/types.js';
import { yieldToEventLoop } from '../helpers.js';
import { type Logger, silentLogger } from '../log.js';
import { type Clock, systemClock } from '../ports.js';
import type { Slot } from '../schedule/slots.js';
import type { Schedule, Store } from '../store.js';
import { type BriefingInputs, briefingRequest } from './briefing.js';
import { upcomingSlots } from './describe.js';
import { briefingDeliveryId } from './ids.js';
import { planSlots, type SlotPlanOptions } from './plan.js';

export interface SchedulerOptions extends BriefingInputs {
  store: Store;
  deliverer: Deliverer;
  /** config `catchUpWindow`: a slot missed by less than this is delivered late, once. */
  catchUpWindowMs: number;
  clock?: Clock;
  log?: Logger;
  /** Regular tick (default 15 s); a timer also fires at the next due slot. */
  tickMs?: number;
  /** How far back the first pass looks for slots to record as missed (default 24 h, at least the window). */
  missedLookbackMs?: number;
  /** A slot delivered later than this after its time is marked late (default 60 s). */
  lateAfterMs?: number;
  /** Most missed slots recorded per schedule and pass (default 20). */
  maxMissedPerSchedule?: number;
}

export interface TickReport {
  /** Briefings handed to the deliverer (it may find some already claimed elsewhere). */
  enqueued: number;
  missed: number;
  skipped: number;
  /** Schedules that hit an error; they are tried again next tick. */
  errors: number;
}

/** Schedules planned at once: a fan-out to many channels is built and claimed in parallel. */
const PLAN_CONCURRENCY = 8;

/**
 * Turns schedules into deliveries. Each tick looks at every schedule's slots since it last looked;
 * replicas may all tick, since the deterministic delivery id lets exactly one of them claim a slot.
 */
export class Scheduler {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly tickMs: number;
  private readonly lookbackMs: number;
  private readonly planOptions: SlotPlanOptions;
  /** Per schedule: slots up to this instant have been dealt with. */
  private readonly checkedUntil = new Map<string, Date>();
  /**
   * Per schedule: its first slot after `after` (epoch ms), or undefined if none. Until that instant
   * the schedule has nothing due, so most ticks skip slot computation (zone maths is not free).
   */
  private readonly nextSlotCache = new Map<string, { signature: string; after: number; at: number | undefined }>();
  private startedAt: Date | undefined;
  private running: Promise<TickReport> | undefined;
  private heartbeat: ScheduledTask | undefined;
  private dueTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private nextDueAt: Date | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.log ?? silentLogger).child({ component: 'scheduler' });
    this.tickMs = options.tickMs ?? 15_000;
    this.lookbackMs = Math.max(options.catchUpWindowMs, options.missedLookbackMs ?? 24 * 3_600_000);
    this.planOptions = {
      graceMs: options.catchUpWindowMs,
      lateAfterMs: options.lateAfterMs ?? 60_000,
      maxMissed: options.maxMissedPerSchedule ?? 20,
    };
  }

  /**
   * Ticks now, then on node-cron's heartbeat every `tickMs` (UTC, never overlapping) and at each
   * schedule's next slot, until `stop()`. node-cron only wakes the scheduler: which slots are due,
   * DST included, is our own arithmetic (ADR 0001).
   */
  start(): void {
    if (this.heartbeat || this.stopped) return;
    this.heartbeat = schedule(heartbeatPattern(this.tickMs), () => this.beat(), {
      name: 'sitrep-scheduler',
      timezone: 'UTC',
      noOverlap: true,
      // A beat skipped because the last pass is still running is made up by the next one.
      suppressMissedWarning: true,
      unref: true,
      logger: cronLogger(this.log),
    });
    this.wakeAt(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.dueTimer);
    await this.heartbeat?.destroy();
    await this.running?.catch(() => undefined);
  }

  /** One pass, then a wake-up at the next due slot when it comes before the next heartbeat. */
  private async beat(): Promise<void> {
    await this.tick().catch((error: unknown) => this.log.error({ err: error }, 'scheduler tick failed'));
    if (this.stopped || !this.nextDueAt) return;
    const untilDue = this.nextDueAt.getTime() - this.clock.now().getTime() + 10;
    if (untilDue < this.tickMs) this.wakeAt(untilDue);
  }

  private wakeAt(delayMs: number): void {
    clearTimeout(this.dueTimer);
    this.dueTimer = setTimeout(() => void this.beat(), Math.max(0, delayMs));
    this.dueTimer.unref?.();
  }

  /** The earliest upcoming slot of any active schedule, as of the last tick. */
  nextDue(): Date | undefined {
    return this.nextDueAt;
  }

  /** One pass over every schedule. Passes never overlap: a call during one waits for it. */
  async tick(): Promise<TickReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<TickReport> {
    const now = this.clock.now();
    this.startedAt ??= now;
    const report: TickReport = { enqueued: 0, missed: 0, skipped: 0, errors: 0 };
    const schedules = await this.options.store.schedules.list({ includePaused: true });
    const present = new Set(schedules.map((s) => s.id));
    for (const id of this.checkedUntil.keys()) if (!present.has(id)) this.checkedUntil.delete(id);
    for (const id of this.nextSlotCache.keys()) if (!present.has(id)) this.nextSlotCache.delete(id);

    let next = 0;
    const worker = async () => {
      for (let i = next++; i < schedules.length; i = next++) {
        const schedule = schedules[i];
        if (schedule) await this.runSchedule(schedule, now, report);
        await yieldToEventLoop();
      }
    };
    await Promise.all(Array.from({ length: Math.min(PLAN_CONCURRENCY, schedules.length) }, worker));
    this.nextDueAt = this.earliestNext(schedules, now);
    return report;
  }

  private async runSchedule(schedule: Schedule, now: Date, report: TickReport): Promise<void> {
    // A paused schedule (its channel is failing) is passed over: its slots are neither sent nor
    // caught up later, since a briefing shows the story as it stands when it is sent.
    if (schedule.paused) {
      this.checkedUntil.set(schedule.id, now);
      return;
    }
    const from = this.checkedFrom(schedule);
    if (this.nothingDue(schedule, from, now)) {
      this.checkedUntil.set(schedule.id, now);
      return;
    }
    try {
      const plan = planSlots(schedule, from, now, this.planOptions);
      if (!plan.ok) {
        this.log.error({ scheduleId: schedule.id }, plan.message);
        this.checkedUntil.set(schedule.id, now);
        report.errors += 1;
        return;
      }
      for (const slot of plan.missed) {
        if (await this.record(schedule, slot, 'missed', 'missed', this.missedReason(now))) report.missed += 1;
      }
      if (plan.deliver) await this.deliver(schedule, plan.deliver.slot, plan.deliver.late, report);
      this.checkedUntil.set(schedule.id, now);
    } catch (error) {
      // Left unchecked, so the next tick tries again (and catch-up rules apply if it is by then late).
      report.errors += 1;
      this.log.error({ err: error, scheduleId: schedule.id }, 'could not plan a scheduled briefing');
    }
  }

  /** True when the cached next slot shows that no slot falls in (from, now]. */
  private nothingDue(schedule: Schedule, from: Date, now: Date): boolean {
    const cached = this.nextSlotCache.get(schedule.id);
    if (!cached || cached.signature !== signatureOf(schedule) || from.getTime() < cached.after) return false;
    return cached.at === undefined || cached.at > now.getTime();
  }

  /** The schedule's next slot after `now` (cached for `nothingDue`). */
  private nextSlotAfter(schedule: Schedule, now: Date): number | undefined {
    const signature = signatureOf(schedule);
    const cached = this.nextSlotCache.get(schedule.id);
    if (cached && cached.signature === signature && cached.after <= now.getTime()) {
      if (cached.at !== undefined && cached.at > now.getTime()) return cached.at;
    }
    const at = upcomingSlots(schedule, now, 1)[0]?.at.getTime();
    this.nextSlotCache.set(schedule.id, { signature, after: now.getTime(), at });
    return at;
  }

  /**
   * Where a schedule's pass starts: where the last pass ended; on the first pass, far enough back to
   * catch up (and record older misses), but never before the schedule's anchor.
   */
  private checkedFrom(schedule: Schedule): Date {
    const checked = this.checkedUntil.get(schedule.id);
    // The anchor instant itself may fire, hence the millisecond before it (slots are after `from`).
    const anchor = schedule.anchor.getTime() - 1;
    const start = (this.startedAt ?? this.clock.now()).getTime() - this.lookbackMs;
    return new Date(Math.max(anchor, checked?.getTime() ?? start));
  }

  private async deliver(schedule: Schedule, slot: Slot, late: boolean, report: TickReport): Promise<void> {
    const id = briefingDeliveryId(schedule.id, slot.key);
    // Cheap check first: after a restart, or on a second replica, the slot is usually done already.
    if (await this.options.store.deliveries.get(id)) return;
    const planned = await briefingRequest(schedule, slot, late, this.options);
    if (!planned.ok) {
      if (await this.record(schedule, slot, 'skipped', planned.code, planned.message)) report.skipped += 1;
      this.log.warn({ scheduleId: schedule.id, code: planned.code }, planned.message);
      return;
    }
    await this.options.deliverer.enqueue([planned.request]);
    report.enqueued += 1;
  }

  private record(
    schedule: Schedule,
    slot: Slot,
    status: 'missed' | 'skipped',
    errorCode: string,
    errorMessage: string,
  ): Promise<boolean> {
    return this.options.store.deliveries.record({
      id: briefingDeliveryId(schedule.id, slot.key),
      kind: 'briefing',
      channel: schedule.channel,
      story: schedule.story,
      scheduleId: schedule.id,
      slotKey: slot.key,
      dueAt: slot.at,
      status,
      errorCode,
      errorMessage,
    });
  }

  private missedReason(now: Date): string {
    const downtime = this.startedAt && now.getTime() - this.startedAt.getTime() < this.tickMs * 2;
    return downtime
      ? 'Sitrep was not running at this time; only the most recent missed briefing is sent late'
      : 'a later briefing was already due when this one was reached; only the most recent is sent';
  }

  private earliestNext(schedules: readonly Schedule[], now: Date): Date | undefined {
    let earliest: number | undefined;
    for (const schedule of schedules) {
      if (schedule.paused) continue;
      const at = this.nextSlotAfter(schedule, now);
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }
}

/** What a schedule's slots depend on: a change to any of it invalidates the cached next slot. */
function signatureOf(schedule: Schedule): string {
  return `${schedule.spec}|${schedule.timezone}|${schedule.anchor.getTime()}`;
}

/**
 * The heartbeat as a node-cron pattern (with seconds): every `tickMs` rounded to a whole number of
 * seconds or minutes that divides the minute or the hour, so beats stay evenly spaced.
 */
export function heartbeatPattern(tickMs: number): string {
  const divisorAtMost = (n: number) => [30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1].find((d) => d <= n) ?? 1;
  const seconds = Math.max(1, Math.round(tickMs / 1000));
  if (seconds < 60) {
    const every = divisorAtMost(seconds);
    return every === 1 ? '* * * * * *' : `*/${every} * * * * *`;
  }
  const every = divisorAtMost(Math.round(seconds / 60));
  return every === 1 ? '0 * * * * *' : `0 */${every} * * * *`;
}

/** node-cron's own messages go to our log, at debug for the routine ones. */
function cronLogger(log: Logger) {
  return {
    info: (message: string) => log.debug({ from: 'node-cron' }, message),
    debug: (message: string | Error) => log.debug({ from: 'node-cron' }, String(message)),
    warn: (message: string) => log.warn({ from: 'node-cron' }, message),
    error: (message: string | Error, err?: Error) =>
      log.error({ from: 'node-cron', err: err ?? message }, String(message)),
  };
}
