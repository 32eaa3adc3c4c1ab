// Try Sitrep on Slack and Discord at once, with no Slack or Discord account: starts the Slack and
// Discord stand-ins from the test suite, runs the real bot (`node bin/sitrep.js start`, what
// `npm start` runs) with its environment pointing at them, and gives a prompt:
//
//   node --import tsx scripts/try-platforms.ts
//     slack actor putin              a signed /sitrep slash command to POST /slack/events
//     discord actor name:putin       a /sitrep interaction over the Discord gateway (typed options name:value)
//     discord claims actor:kim status:confirmed
//     discord schedule add schedule:"daily 09:00"   two leading words = subcommand group + subcommand
//     logs                           the bot's log so far
//     quit
//
//   node --import tsx scripts/try-platforms.ts --run "slack actor putin" --run "discord actor name:putin"
//     runs those commands, prints the answers and exits (1 if any went unanswered).
//
// The bot uses a temporary database and config directory (deleted on exit) and the shipped
// `briefings/` (or BRIEFINGS_DIR). Commands can also be piped in on stdin, one per line.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { tokenize } from '../src/core/commands/tokenize.js';
import { type BotProcess, type LogLine, standInEnv, startBotProcess } from '../test/process/bot-process.js';
import {
  type DiscordStandIn,
  generateInteractionKeyPair,
  type InteractionOptionInput,
  type Json,
  startDiscordStandIn,
} from '../test/stand-ins/discord/server.js';
import { type SlackStandIn, startSlackStandIn } from '../test/stand-ins/slack/server.js';
import { build } from './build.mjs';

const SIGNING_SECRET = 'try-platforms-signing-secret';
const out = (text = '') => process.stdout.write(`${text}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function parseArgs(argv: string[]): { run: string[]; help: boolean } {
  const run: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--run') {
      const value = argv[++i];
      if (value === undefined) throw new Error('--run needs a command, e.g. --run "slack actor putin"');
      run.push(value);
    } else if (arg.startsWith('--run=')) run.push(arg.slice('--run='.length));
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return { run, help };
}

const USAGE = `commands:
  slack <text>       /sitrep <text> as a signed Slack slash command, e.g. slack actor putin
  discord <text>     /sitrep over the Discord gateway, options as name:value, e.g. discord actor name:putin
  logs               the bot's log lines so far
  help               this list
  quit               stop the bot and the stand-ins`;

// ---------------------------------------------------------------- printing answers

/** One line per Slack block: its type and its text (headers, sections, fields, context, buttons). */
function summarizeBlocks(blocks: unknown[]): string[] {
  const lines: string[] = [];
  const textOf = (v: unknown): string =>
    v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string'
      ? (v as { text: string }).text
      : '';
  for (const raw of blocks) {
    const block = raw as {
      type: string;
      text?: unknown;
      fields?: unknown[];
      elements?: unknown[];
    };
    let body: string;
    if (block.type === 'divider') body = '────────';
    else if (block.type === 'actions') {
      body = (block.elements ?? []).map((e) => `[${textOf((e as { text?: unknown }).text)}]`).join(' ');
    } else if (block.type === 'context') body = (block.elements ?? []).map(textOf).join(' · ');
    else body = [textOf(block.text), ...(block.fields ?? []).map(textOf)].filter(Boolean).join('\n');
    // Slack escapes &, < and > in text; shown decoded, as Slack displays them.
    const shown = body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const [first = '', ...rest] = shown.split('\n');
    lines.push(`  ${block.type.padEnd(8)} ${first}`);
    for (const line of rest) lines.push(`  ${' '.repeat(8)} ${line}`);
  }
  return lines;
}

function printSlackAnswer(label: string, body: { text?: unknown; blocks?: unknown; response_type?: unknown }): void {
  out(`${label}${body.response_type ? ` (${String(body.response_type)})` : ''}`);
  if (typeof body.text === 'string') out(`  text     ${body.text}`);
  if (Array.isArray(body.blocks)) for (const line of summarizeBlocks(body.blocks)) out(line);
}

/** Content, then each embed's title, description, fields and footer, then buttons. */
function printDiscordMessage(label: string, data: Json | null | undefined): void {
  out(label);
  if (!data) return;
  if (typeof data.content === 'string' && data.content) out(`  content  ${data.content}`);
  const embeds = (data.embeds as Json[] | undefined) ?? [];
  embeds.forEach((embed, i) => {
    if (embeds.length > 1) out(`  embed ${i + 1}/${embeds.length}`);
    if (embed.title) out(`  title    ${String(embed.title)}`);
    if (embed.description) out(`  desc     ${String(embed.description).split('\n').join('\n           ')}`);
    for (const field of (embed.fields as Json[] | undefined) ?? []) {
      out(`  field    ${String(field.name)}: ${String(field.value).split('\n').join('\n           ')}`);
    }
    const footer = embed.footer as Json | undefined;
    if (footer?.text) out(`  footer   ${String(footer.text)}`);
  });
  const buttons = ((data.components as Json[] | undefined) ?? []).flatMap((row) =>
    ((row.components as Json[] | undefined) ?? []).map((c) => `[${String(c.label ?? c.custom_id)}]`),
  );
  if (buttons.length > 0) out(`  buttons  ${buttons.join(' ')}`);
  const flags = typeof data.flags === 'number' ? data.flags : 0;
  if (flags & 64) out('  (ephemeral: only the caller sees it)');
}

// ---------------------------------------------------------------- sending

async function slackCommand(slack: SlackStandIn, bot: BotProcess, text: string): Promise<boolean> {
  const res = await slack.sendSlashCommand({ url: `${bot.url}/slack/events`, signingSecret: SIGNING_SECRET, text });
  if (res.status !== 200) {
    out(`Slack got HTTP ${res.status}${res.timedOut ? ' (no answer within 3 s)' : ''}: ${res.body}`);
    return false;
  }
  let answered = false;
  if (res.body.trim()) {
    try {
      printSlackAnswer('ack:', JSON.parse(res.body) as Record<string, unknown>);
      answered = true;
    } catch {
      out(`ack: ${res.body}`);
    }
  }
  // A slow command acks first and answers through response_url; overflow goes there too.
  const deadline = Date.now() + (answered ? 500 : 10_000);
  let seen = 0;
  while (Date.now() < deadline) {
    const later = slack.responses.filter((r) => r.responseId === res.responseId && r.source === 'response_url');
    for (const r of later.slice(seen)) {
      printSlackAnswer('response_url:', r.body);
      answered = true;
    }
    seen = later.length;
    if (answered && seen > 0) break;
    await sleep(50);
  }
  if (!answered) out('(no answer)');
  return answered;
}

async function discordCommand(discord: DiscordStandIn, text: string): Promise<boolean> {
  const words = tokenize(text);
  const path = words.filter((w) => !w.includes(':'));
  const options: InteractionOptionInput[] = words
    .filter((w) => w.includes(':'))
    .map((w) => {
      const [name = '', ...rest] = w.split(':');
      const value = rest.join(':');
      return {
        name,
        value: value === 'true' ? true : value === 'false' ? false : /^-?\d+$/.test(value) ? Number(value) : value,
      };
    });
  const sent = discord.sendInteraction({
    commandName: 'sitrep',
    ...(path.length >= 2 ? { group: path[0], subcommand: path[1] } : { subcommand: path[0] ?? 'help' }),
    options,
  });
  const callback = await sent.callback(5000);
  if (callback.type === 5) {
    out('(deferred: "Sitrep is thinking…")');
    const edit = await sent.originalEdit(10_000);
    printDiscordMessage('edited to:', edit.body);
  } else {
    printDiscordMessage(`callback (type ${callback.type}, ${callback.elapsedMs} ms):`, callback.data);
  }
  await sleep(200);
  for (const followup of discord.followups.filter((f) => f.token === sent.token)) {
    printDiscordMessage('follow-up:', followup.body);
  }
  return true;
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    out('usage: node --import tsx scripts/try-platforms.ts [--run "<command>"]…');
    out(USAGE);
    return 0;
  }

  await build(); // the bot runs dist/, as `npm start` does
  const keys = generateInteractionKeyPair();
  const [slack, discord] = await Promise.all([
    startSlackStandIn(),
    startDiscordStandIn({ heartbeatIntervalMs: 5000, publicKeyHex: keys.publicKeyHex }),
  ]);
  const dir = await mkdtemp(path.join(tmpdir(), 'sitrep-try-'));
  await mkdir(path.join(dir, 'config'));
  const env = {
    ...standInEnv(slack, discord, SIGNING_SECRET, keys.publicKeyHex),
    DATABASE_URL: `file:${path.join(dir, 'sitrep.db')}`,
    BRIEFINGS_DIR: process.env.BRIEFINGS_DIR || 'briefings',
    CONFIG_DIR: path.join(dir, 'config'),
    PORT: process.env.PORT || '0',
    LOG_LEVEL: 'info',
  };
  out(`Slack stand-in   ${slack.baseUrl}`);
  out(`Discord stand-in ${discord.url}`);
  out("Starting the bot (node bin/sitrep.js start) with (all tokens are the stand-ins' fakes):");
  for (const [key, value] of Object.entries(env)) out(`  ${key}=${value}`);

  let bot: BotProcess | undefined;
  const cleanup = async () => {
    await bot?.stop().catch(() => undefined);
    await Promise.allSettled([slack.close(), discord.close()]);
    await rm(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    bot = await startBotProcess({ env, readyTimeoutMs: 60_000 });
  } catch (error) {
    out(error instanceof Error ? error.message : String(error));
    await cleanup();
    return 1;
  }
  const running = bot;
  // Warnings and errors show up as they happen; the rest is behind `logs`.
  running.onLog((line: LogLine) => {
    if ((line.level ?? 40) >= 40) out(`[bot ${LEVELS[line.level ?? 40] ?? 'log'}] ${line.msg ?? line.raw}`);
  });
  out(`Bot ready on ${running.url} (pid ${running.pid}): POST /slack/events, POST /discord/interactions, GET /healthz`);

  const runOne = async (line: string): Promise<boolean> => {
    const [word = ''] = line.trim().split(/\s+/);
    const text = line.trim().slice(word.length).trim();
    try {
      switch (word.toLowerCase()) {
        case 'slack':
          return await slackCommand(slack, running, text);
        case 'discord':
          return await discordCommand(discord, text);
        case 'logs':
          for (const l of running.logs) out(l.raw);
          return true;
        case 'help':
        case '?':
          out(USAGE);
          return true;
        default:
          out(`unknown command "${word}"; type help`);
          return false;
      }
    } catch (error) {
      out(error instanceof Error ? error.message : String(error));
      return false;
    }
  };

  let failures = 0;
  if (args.run.length > 0) {
    for (const command of args.run) {
      out();
      out(`> ${command}`);
      if (!(await runOne(command))) failures++;
    }
  } else {
    out();
    out(USAGE);
    const interactive = process.stdin.isTTY === true;
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
    rl.setPrompt('sitrep> ');
    // Ctrl-C (or Ctrl-D) at the prompt: stop everything cleanly, like quit.
    rl.on('SIGINT', () => rl.close());
    // Piped in: no prompts, each command echoed instead, so the transcript reads in order.
    const prompt = () => (interactive ? rl.prompt() : undefined);
    prompt();
    for await (const input of rl) {
      const line = input.trim();
      if (line === 'quit' || line === 'exit') break;
      if (line) {
        if (!interactive) out(`> ${line}`);
        if (!(await runOne(line))) failures++;
      }
      if (running.exit) {
        out(`The bot exited ${JSON.stringify(running.exit)}.`);
        break;
      }
      prompt();
    }
    rl.close();
  }

  const exit = running.exit ?? (await running.stop());
  await cleanup();
  out(`Bot stopped: ${JSON.stringify(exit)}`);
  return failures > 0 || exit.code !== 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
