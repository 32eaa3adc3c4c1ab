import { createTask } from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { heartbeatPattern } from '../../../../src/core/scheduler/scheduler.js';
import { type Harness, onShiftedRealTime, openHarness } from './harness.js';

describe("the scheduler's heartbeat (node-cron, UTC)", () => {
  it('beats every tickMs, rounded to a spacing that divides the minute or the hour', () => {
    expect(heartbeatPattern(15_000)).toBe('*/15 * * * * *');
    expect(heartbeatPattern(250)).toBe('* * * * * *');
    expect(heartbeatPattern(7_000)).toBe('*/6 * * * * *');
    expect(heartbeatPattern(60_000)).toBe('0 * * * * *');
    expect(heartbeatPattern(600_000)).toBe('0 */10 * * * *');
    // node-cron reads the pattern as evenly spaced beats.
    const task = createTask(heartbeatPattern(15_000), () => {}, { timezone: 'UTC' });
    const beats = task.getNextRuns(4).map((d) => d.getTime());
    void task.destroy();
    expect(beats.slice(1).map((t, i) => t - (beats[i] as number))).toEqual([15_000, 15_000, 15_000]);
    expect(beats.every((t) => t % 15_000 === 0)).toBe(true);
  });

  describe('while the bot runs', () => {
    let harness: Harness;
    afterEach(() => harness.close());

    /** A scheduler on real time shifted so that 09:00:00 UTC is `msBefore` away. */
    async function running(msBefore: number) {
      harness = await openHarness('2026-03-08T08:00:00Z');
      const offset = new Date('2026-03-08T09:00:00Z').getTime() - msBefore - Date.now();
      const clock = { now: () => new Date(Date.now() + offset) };
      const { engine, scheduler } = onShiftedRealTime(harness, clock, 1_000);
      scheduler.start();
      return { scheduler, engine };
    }

    const addNineOClock = () =>
      harness.store.schedules.add({
        channel: 'slack:C1',
        story: null,
        spec: 'daily 09:00',
        timezone: 'UTC',
        tier: 'short',
        createdAt: new Date('2026-03-01T00:00:00Z'),
      });

    const waitFor = async (done: () => boolean, ms: number) => {
      const until = Date.now() + ms;
      while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    it('a schedule added after start is found by the next beat and its briefing posted once, at its slot', async () => {
      const { scheduler, engine } = await running(2_500);
      // The first pass has run with no schedules: only a beat can find this one.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const schedule = await addNineOClock();
      await waitFor(() => harness.adapter.capturedPayloads.length > 0, 6_000);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await scheduler.stop();
      await engine.stop(100);
      expect(harness.adapter.capturedPayloads.map((p) => p.deliveryId)).toEqual([
        `brief:${schedule.id}:2026-03-08T09:00`,
      ]);
    });

    it('after stop() no beat runs: a schedule falling due is not posted', async () => {
      const { scheduler, engine } = await running(1_500);
      await scheduler.stop();
      await addNineOClock();
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await engine.stop(100);
      expect(harness.adapter.capturedPayloads).toEqual([]);
    });
  });
});
