import { describe, expect, it } from 'vitest';
import { SHIPPED_STORY } from '../../unit/core/commands/helpers.js';
import { useSignedInConsole } from './signed-in.js';

/** The preview page: what channels receive, as each platform shows it, from the adapters' payloads. */

const t = useSignedInConsole({ stories: [SHIPPED_STORY] });

describe('the preview page', () => {
  it('shows each briefing tier, an actor card and the latest alert on Slack, Discord and the shell, with raw JSON', async () => {
    const before = await t.get('/console/stories/kim-putin-summit/preview?tier=headline&actor=vladimir-putin');
    expect(before).toContain('Briefing: headline');
    expect(before).toContain('Actor card: Vladimir Putin');
    expect(before).toContain('its first version raises no alert');
    // Block Kit and embeds as sent, and their JSON (escaped in the page).
    expect(before).toMatch(/class="slack-msg"/);
    expect(before).toMatch(/class="discord-msg"/);
    expect(before).toMatch(/class="shell-msg"/);
    expect(before).toContain('&quot;blocks&quot;');
    expect(before).toContain('&quot;embeds&quot;');
    expect(before).toContain('&quot;allowed_mentions&quot;');

    await t.harness.core.router.handle({
      text: 'set kim-to-visit-russia status=confirmed',
      caller: { platform: 'slack', userId: 'U0ADMIN', channel: 'slack:C0X' },
    });
    const after = await t.get('/console/stories/kim-putin-summit/preview?tier=full');
    expect(after).toContain('Briefing: full');
    expect(after).toMatch(/Claim updated: kim-to-visit-russia/);
    expect(after).toMatch(/reported[^<\n]*→[^<\n]*confirmed/);
  });
});
