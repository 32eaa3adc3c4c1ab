import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../compose.js';
import { buildBriefing } from '../core/briefing/build.js';
import { TIERS, type Tier } from '../core/story/schema.js';
import { EnvError, loadEnv } from '../env.js';
import type { ExportFormat } from './content.js';
import { openCliCore } from './context.js';
import { FORMATS, type Format, formatMessage } from './formats.js';
import { finish } from './output.js';
import { runValidate } from './validate.js';

const program = new Command('sitrep')
  .description('Sitrep: briefings, actor lookups and claim alerts for a developing story')
  .showHelpAfterError()
  // Commander ends the process itself after help or a usage error: let it throw instead, so the
  // output drains before the process ends (see output.ts).
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

/** The command being run, as typed (`sitrep discord register`): what a problem report is headed by. */
let running = 'sitrep';
program.hook('preAction', (_program, action) => {
  const names: string[] = [];
  for (let command: Command | null = action; command; command = command.parent) names.unshift(command.name());
  running = names.join(' ');
});

const formatOption = () => new Option('--format <format>', 'text, slack or discord').choices(FORMATS).default('text');
const briefingsOption = () => new Option('--briefings <dir>', 'story files directory (default BRIEFINGS_DIR)');

program
  .command('start')
  .description('run the bot (the shell REPL when no platform is configured)')
  .action(async () => {
    const { runBot } = await import('../main.js');
    process.exitCode = await runBot();
  });

program
  .command('validate')
  .description('check every story file and config/sitrep.yaml; exit 1 with path:line:col: message per problem')
  .addOption(briefingsOption())
  .action(async (opts: { briefings?: string }) => {
    const env = loadEnv();
    const result = await runValidate({ briefings: opts.briefings ?? env.BRIEFINGS_DIR, config: env.CONFIG_DIR });
    await finish(result.exitCode, result.output);
  });

program
  .command('ask')
  .description('run one /sitrep command through the same core as chat and print the reply')
  .argument('<text>', 'the command text after /sitrep, e.g. "actor putin"')
  .addOption(formatOption())
  .option('--admin', 'run as an admin (for set)', false)
  .addOption(briefingsOption())
  .action(async (text: string, opts: { format: Format; admin: boolean; briefings?: string }) => {
    const core = await openCliCore(opts);
    const answer = await core.router.handle({
      text,
      caller: { platform: 'shell', userId: process.env.USER ?? 'cli', channel: 'shell:local', operator: opts.admin },
    });
    const output = await formatMessage(answer, opts.format);
    await core.close();
    // The answer is the output either way (a script may read why); the exit code says whether it was done.
    await finish(answer.failure ? 1 : 0, output, process.stdout);
  });

program
  .command('preview')
  .description('the scheduled briefing exactly as it would be posted')
  .argument('[story]', 'story id (optional when only one is loaded)')
  .addOption(new Option('--tier <tier>', 'headline, short or full').choices(TIERS).default('short'))
  .addOption(formatOption())
  .addOption(briefingsOption())
  .action(async (story: string | undefined, opts: { tier: Tier; format: Format; briefings?: string }) => {
    const core = await openCliCore(opts);
    try {
      const view = core.catalog.resolve(story);
      await finish(0, await formatMessage(buildBriefing(view, { tier: opts.tier }), opts.format));
    } finally {
      await core.close();
    }
  });

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be a whole number 1-1000');
  return n;
}

program
  .command('next')
  .description('the next fire instants of a schedule')
  .argument('<schedule>', 'a 5-field cron, "daily HH:MM" or "weekdays HH:MM"')
  .option('--tz <zone>', 'IANA time zone (default: config timezone)')
  .option('--from <iso>', 'start from this instant (default: now)')
  .option('--count <n>', 'how many', positiveInt, 5)
  .action(async (schedule: string, opts: { tz?: string; from?: string; count: number }) => {
    const { runNext } = await import('./next.js');
    const result = await runNext(schedule, opts);
    await finish(result.exitCode, result.output);
  });

program
  .command('diff')
  .description('the claim changes between two versions of a story file')
  .argument('<old>', 'older story file')
  .argument('<new>', 'newer story file')
  .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
  .action(async (oldFile: string, newFile: string, opts: { format: 'text' | 'json' }) => {
    const { runDiff } = await import('./diff.js');
    const result = await runDiff(oldFile, newFile, opts.format);
    await finish(result.exitCode, result.output);
  });

program
  .command('export')
  .description("write a story's latest revision (from the database) as YAML, or its claims as ClaimReview")
  .argument('[story]', 'story id (every story with --out)')
  .option('--out <dir>', 'write <story>.yaml (or .jsonld) files into this directory instead of printing')
  .addOption(
    new Option('--format <format>', 'yaml, or claimreview (schema.org JSON-LD)')
      .choices(['yaml', 'claimreview'])
      .default('yaml'),
  )
  .addOption(briefingsOption())
  .action(async (story: string | undefined, opts: { out?: string; format: ExportFormat; briefings?: string }) => {
    const { runExport } = await import('./content.js');
    const core = await openCliCore(opts);
    const result = await runExport(core, story, opts.out, opts.format).finally(() => core.close());
    finish(result.exitCode, result.output);
  });

program
  .command('import')
  .description('apply a story file through the same write path as chat and the console')
  .argument('<file>', 'a story file (its name is the story id)')
  .option('--base <revision>', 'the revision the file was exported from (merges like a file edit)', positiveRevision)
  .addOption(briefingsOption())
  .action(async (file: string, opts: { base?: number; briefings?: string }) => {
    const { runImport } = await import('./content.js');
    const core = await openCliCore(opts);
    const result = await runImport(core, file, opts.base).finally(() => core.close());
    finish(result.exitCode, result.output);
  });

program
  .command('new')
  .description('create an empty story (no claims yet)')
  .argument('<story-id>', 'a lowercase slug, e.g. port-strike')
  .requiredOption('--title <title>', 'the story title')
  .addOption(briefingsOption())
  .action(async (id: string, opts: { title: string; briefings?: string }) => {
    const { runNew } = await import('./content.js');
    const core = await openCliCore(opts);
    const result = await runNew(core, id, opts.title).finally(() => core.close());
    finish(result.exitCode, result.output);
  });

function positiveRevision(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a revision number');
  return n;
}

program
  .command('propose')
  .description(
    'proposals (claims, status changes, actors, sources, timeline) from a new article, for editors to review',
  )
  .argument('<article>', 'an article: a file (text or saved HTML) or an http(s) URL')
  .requiredOption('--story <id>', 'the story to change; a story that does not exist yet is drafted')
  .addOption(
    new Option('--format <format>', 'text, json, or yaml (the story with every proposal applied)')
      .choices(['text', 'json', 'yaml'])
      .default('text'),
  )
  .option('--as-of <date>', 'the date "last month" and "this month" are read against, when the article gives none')
  .option('--save', 'keep the proposals for review in chat (/sitrep proposal list) instead of only printing them')
  .addOption(briefingsOption())
  .action(
    async (
      article: string,
      opts: { story: string; format: 'text' | 'json' | 'yaml'; asOf?: string; save?: boolean; briefings?: string },
    ) => {
      const { runPropose } = await import('./propose.js');
      const core = await openCliCore(opts);
      const result = await runPropose(core, article, opts).finally(() => core.close());
      await finish(result.exitCode, result.output);
    },
  );

const discord = program.command('discord').description('Discord application tools');
discord
  .command('register')
  .description('register the /sitrep command (bulk overwrite; in DISCORD_GUILD_ID when set)')
  .action(async () => {
    const { runDiscordRegister } = await import('./discord-register.js');
    const result = await runDiscordRegister();
    await finish(result.exitCode, result.output);
  });

discord
  .command('invite')
  .description('the URL that adds the bot to a server, with the scopes and permissions it needs and why')
  .option('--guild <id>', 'preselect this server on the consent page')
  .action(async (opts: { guild?: string }) => {
    // Only the application id is needed (no token): read it alone rather than the whole environment.
    const applicationId = process.env.DISCORD_APPLICATION_ID?.trim();
    if (!applicationId || !/^\d{5,25}$/.test(applicationId)) {
      await finish(
        1,
        'sitrep discord invite needs DISCORD_APPLICATION_ID, the numeric application id (see .env.example).',
      );
      return;
    }
    if (opts.guild !== undefined && !/^\d{5,25}$/.test(opts.guild)) {
      await finish(1, '--guild must be a numeric server id');
      return;
    }
    const { inviteText } = await import('../adapters/discord/invite.js');
    await finish(0, inviteText(applicationId, opts.guild ? { guildId: opts.guild } : {}));
  });

const consoleCommand = program.command('console').description("the editors' console");
consoleCommand
  .command('link')
  .description('print a one-time sign-in link (10 minutes, one use) for an editor or admin')
  .requiredOption('--as <user>', 'who signs in, e.g. slack:U0123ABCD or discord:123456789012345678')
  .action(async (opts: { as: string }) => {
    const { runConsoleLink } = await import('./console-link.js');
    const result = await runConsoleLink(opts.as);
    await finish(result.exitCode, result.output);
  });

const slack = program.command('slack').description('Slack app tools');
slack
  .command('manifest')
  .description('print the Slack app manifest (JSON)')
  .option('--url <base>', 'public base URL for request URLs (HTTP mode)')
  .option('--socket-mode', 'manifest for Socket Mode', false)
  .action(async (opts: { url?: string; socketMode: boolean }) => {
    const { slackManifest } = await import('../adapters/slack/manifest.js');
    await finish(0, JSON.stringify(slackManifest(opts), null, 2));
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode;
  else if (error instanceof EnvError) await finish(1, error.forCommand(running));
  else if (error instanceof ConfigError) await finish(1, error.message);
  else await finish(1, `sitrep: ${error instanceof Error ? error.message : String(error)}`);
}
