import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAddress } from '../../../../src/core/ports.js';
import { type Harness, openHarness } from './harness.js';

interface DstDay {
  label: string;
  zone: string;
  day: string;
  /** Local time → the UTC instant the day's slot fires (see test/unit/core/schedule/dst.test.ts). */
  expected: Record<string, string>;
}

const DAYS: DstDay[] = [
  {
    label: 'New York spring forward',
    zone: 'America/New_York',
    day: '2026-03-08',
    expected: {
      '01:30': '2026-03-08T06:30:00.000Z',
      '02:30': '2026-03-08T07:00:00.000Z',
      '09:00': '2026-03-08T13:00:00.000Z',
    },
  },
  {
    label: 'New York fall back',
    zone: 'America/New_York',
    day: '2026-11-01',
    expected: {
      '01:30': '2026-11-01T05:30:00.000Z',
      '02:30': '2026-11-01T07:30:00.000Z',
      '09:00': '2026-11-01T14:00:00.000Z',
    },
  },
  {
    label: 'London spring forward',
    zone: 'Europe/London',
    day: '2026-03-29',
    expected: {
      '01:30': '2026-03-29T01:00:00.000Z',
      '02:30': '2026-03-29T01:30:00.000Z',
      '09:00': '2026-03-29T08:00:00.000Z',
    },
  },
  {
    label: 'London fall back',
    zone: 'Europe/London',
    day: '2026-10-25',
    expected: {
      '01:30': '2026-10-25T00:30:00.000Z',
      '02:30': '2026-10-25T02:30:00.000Z',
      '09:00': '2026-10-25T09:00:00.000Z',
    },
  },
];

const MINUTE = 60_000;

describe.each(DAYS)('scheduled delivery on $label ($zone, $day)', ({ zone, day, expected }) => {
  let harness: Harness;
  afterEach(() => harness.close());

  it('ticking minute by minute delivers exactly one briefing per slot, on time, across a restart', async () => {
    // From 06:00 UTC the day before to 12:00 UTC the day after: the whole local day and then some.
    const start = new Date(`${day}T00:00:00Z`).getTime() - 18 * 3_600_000;
    const end = new Date(`${day}T00:00:00Z`).getTime() + 36 * 3_600_000;
    harness = await openHarness(new Date(start).toISOString());
    const channels = new Map<string, ChannelAddress>();
    for (const time of Object.keys(expected)) {
      const schedule = await harness.store.schedules.add({
        channel: `slack:C${time.replace(':', '')}`,
        story: null,
        spec: `daily ${time}`,
        timezone: zone,
        tier: 'short',
      });
      channels.set(time, schedule.channel);
    }

    let scheduler = harness.scheduler();
    const restartAt = new Date(`${day}T00:00:00Z`).getTime() + 10 * 3_600_000;
    for (let now = start; now <= end; now += MINUTE) {
      harness.clock.set(new Date(now));
      // A restart mid-day: the new scheduler looks back over slots already delivered and finds them done.
      if (now === restartAt) scheduler = harness.scheduler();
      await harness.tick(scheduler);
    }

    for (const [time, instant] of Object.entries(expected)) {
      const channel = channels.get(time) as ChannelAddress;
      const recent = await harness.store.deliveries.recent(channel, 10);
      const onDay = recent.filter((d) => d.slotKey === `${day}T${time}`);
      expect(onDay, `${time} on ${day}`).toHaveLength(1);
      const delivery = onDay[0];
      expect(delivery?.status).toBe('sent');
      expect(delivery?.dueAt.toISOString()).toBe(instant);
      expect(delivery?.late).toBe(false);
      // Sent on the first tick at or after the slot.
      expect((delivery?.sentAt?.getTime() ?? 0) - new Date(instant).getTime()).toBeLessThan(MINUTE);
      // One post per slot key over the whole window, none of them duplicated.
      const posts = harness.adapter.sentTo(channel).map((p) => p.deliveryId);
      expect(new Set(posts).size).toBe(posts.length);
      expect(posts).toContain(`brief:${delivery?.scheduleId}:${day}T${time}`);
      expect(recent.length).toBeGreaterThan(0);
      expect(recent.every((d) => d.status === 'sent')).toBe(true);
    }
  }, 60_000);
});
