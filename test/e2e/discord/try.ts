// Try Sitrep's Discord adapter by hand against the Discord stand-in, no Discord account needed.
//
//   node --import tsx test/e2e/discord/try.ts              stand-in + Sitrep (gateway and HTTP), a prompt
//   node --import tsx test/e2e/discord/try.ts --stand-in   the stand-in only: prints DISCORD_* for `npm start`
//
// At the prompt (everything after `/sitrep`, as Discord would send it):
//   actor name:putin                   a slash command with typed options
//   brief tier:full share:true         share:true answers in the channel
//   schedule add schedule:"daily 09:00"  a subcommand group
//   ?actor name:pu                     autocomplete for the last option
//   !actor vladimir-putin share        press a button (custom_id sitrep:<text>)
//   ~actor {choice} john-kirby         pick john-kirby from a menu (custom_id sitrep:actor {choice})
//   http actor name:kim                the same, as a signed HTTP interaction
//   post                               post the short briefing to a channel over REST
// Each answer is printed as Discord received it (the callback, then edits and follow-ups).
import { createInterface } from 'node:readline/promises';
import { buildBriefing } from '../../../src/core/briefing/build.js';
import { tokenize } from '../../../src/core/commands/tokenize.js';
import { apiMessage, newMessage } from '../../stand-ins/discord/fixtures.js';
import {
  generateInteractionKeyPair,
  type InteractionOptionInput,
  type Json,
  startDiscordStandIn,
} from '../../stand-ins/discord/server.js';
import { startHarness } from './harness.js';

const print = (label: string, value: unknown) => process.stdout.write(`${label} ${JSON.stringify(value, null, 2)}\n`);

if (process.argv.includes('--stand-in')) {
  const keys = generateInteractionKeyPair();
  const discord = await startDiscordStandIn({ publicKeyHex: keys.publicKeyHex });
  process.stdout.write(
    [
      `DISCORD_API_URL=${discord.apiUrl}`,
      `DISCORD_TOKEN=${discord.token}`,
      `DISCORD_APPLICATION_ID=${discord.applicationId}`,
      `DISCORD_PUBLIC_KEY=${keys.publicKeyHex}`,
      'The stand-in runs until Ctrl-C.',
      '',
    ].join('\n'),
  );
  process.once('SIGINT', () => void discord.close().then(() => process.exit(0)));
} else {
  const h = await startHarness();
  process.stdout.write(`Stand-in at ${h.discord.apiUrl}; Sitrep's interactions endpoint at ${h.interactionsUrl}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '/sitrep ' });
  rl.prompt();
  for await (const input of rl) {
    const line = input.trim();
    try {
      if (line === 'post') {
        const channel = '1500000000000000001';
        const result = await h.adapter.post(
          `discord:${channel}`,
          buildBriefing(h.core.catalog.resolve(undefined), { tier: 'short' }),
          `try-${Date.now()}`,
        );
        print('post →', result);
        print(
          'channel messages:',
          h.discord
            .messagesIn(channel)
            .map((m) => ({ id: m.id, nonce: m.nonce, content: m.content, embeds: m.embeds })),
        );
      } else if (line.startsWith('!') || line.startsWith('~')) {
        // "!<command>" presses a button; "~<menu command> <value>" picks from a menu.
        const base = h.discord.buildInteraction({ commandName: 'sitrep' });
        const message = apiMessage(newMessage(String(base.channel_id), h.discord.botApiUser, { content: 'x' }));
        const text = line.slice(1).trim();
        const picked = line.startsWith('~') ? /^(.*\S)\s+(\S+)$/.exec(text) : null;
        const data = picked
          ? { custom_id: `sitrep:${picked[1]}`, component_type: 3, values: [picked[2]] }
          : { custom_id: `sitrep:${text}`, component_type: 2 };
        const sent = h.discord.sendInteraction({ raw: { ...base, type: 3, message, data } });
        print('callback:', await sent.callback());
      } else if (line) {
        const http = line.startsWith('http ');
        const autocomplete = line.startsWith('?');
        const words = tokenize(line.replace(/^(http |\?)/, ''));
        const path = words.filter((w) => !w.includes(':'));
        const options: InteractionOptionInput[] = words
          .filter((w) => w.includes(':'))
          .map((w) => {
            const [name = '', ...rest] = w.split(':');
            const value = rest.join(':');
            return { name, value: value === 'true' ? true : value === 'false' ? false : value };
          });
        const last = options.at(-1);
        if (autocomplete && last) last.focused = true;
        const input = {
          type: autocomplete ? ('autocomplete' as const) : ('command' as const),
          commandName: 'sitrep',
          ...(path.length === 2 ? { group: path[0], subcommand: path[1] } : { subcommand: path[0] ?? 'help' }),
          options,
        };
        if (http) {
          const body = h.discord.buildInteraction(input);
          const result = await h.discord.sendHttpInteraction(h.interactionsUrl, body, {
            privateKey: h.keys.privateKey,
          });
          print(`HTTP ${result.status}:`, result.body);
          await new Promise((resolve) => setTimeout(resolve, 500));
          print('edits and follow-ups:', [
            ...h.discord.edits.filter((e) => e.token === body.token).map((e) => e.body),
            ...h.discord.followups.filter((f) => f.token === body.token).map((f) => f.body),
          ]);
        } else {
          const sent = h.discord.sendInteraction(input);
          const callback = await sent.callback(5000);
          print(`callback (type ${callback.type}, ${callback.elapsedMs} ms):`, callback.data as Json);
          if (callback.type === 5) print('edited to:', (await sent.originalEdit(10_000)).body);
          await new Promise((resolve) => setTimeout(resolve, 300));
          const followups = h.discord.followups.filter((f) => f.token === sent.token).map((f) => f.body);
          if (followups.length > 0) print('follow-ups:', followups);
        }
      }
    } catch (error) {
      process.stdout.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
    rl.prompt();
  }
  await h.close();
}
