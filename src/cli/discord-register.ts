import { DiscordAPIError, REST, Routes } from 'discord.js';
import { ADMIN_COMMAND_NAME, buildApplicationCommands } from '../adapters/discord/commands.js';
import { COMMANDS, validateCommands } from '../core/commands/registry.js';
import type { CommandDef } from '../core/commands/types.js';
import { EnvError, loadEnv } from '../env.js';
import { errorMessage } from '../errors.js';

/**
 * `sitrep discord register`: puts the `/sitrep` command on Discord by bulk overwrite
 * (`PUT /applications/{app}/commands`, or `…/guilds/{guild}/commands` when DISCORD_GUILD_ID is
 * set: guild commands appear at once, handy while developing). A bulk overwrite replaces the whole
 * set, so running it again changes nothing and keeps the command's id: it is idempotent.
 */
export async function runDiscordRegister(
  source: NodeJS.ProcessEnv = process.env,
  defs: readonly CommandDef[] = COMMANDS,
): Promise<{ exitCode: number; output: string }> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return { exitCode: 1, output: error.forCommand('sitrep discord register') };
    throw error;
  }
  const token = env.DISCORD_TOKEN;
  const applicationId = env.DISCORD_APPLICATION_ID;
  if (!token || !applicationId) {
    return {
      exitCode: 1,
      output: 'sitrep discord register needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example).',
    };
  }

  let body: ReturnType<typeof buildApplicationCommands>;
  try {
    body = buildApplicationCommands([...validateCommands(defs).values()]);
  } catch (error) {
    return { exitCode: 1, output: `The command definitions are not valid for Discord: ${errorMessage(error)}` };
  }

  const guild = env.DISCORD_GUILD_ID;
  const route = guild
    ? Routes.applicationGuildCommands(applicationId, guild)
    : Routes.applicationCommands(applicationId);
  const rest = new REST({ api: env.DISCORD_API_URL, retries: 2, timeout: 15_000 }).setToken(token);
  try {
    const registered = (await rest.put(route, { body })) as Array<{ id: string; name: string }>;
    const where = guild ? `in guild ${guild}` : 'globally';
    const lines = body.map((sent) => {
      const command = registered.find((c) => c.name === sent.name);
      const gate = sent.name === ADMIN_COMMAND_NAME ? ', offered to members with Manage Server' : '';
      return `Registered /${sent.name} (${(sent.options ?? []).length} subcommands and groups${gate}) ${where}; command id ${command?.id ?? '?'}.`;
    });
    return { exitCode: 0, output: lines.join('\n') };
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      if (error.status === 401) return { exitCode: 1, output: 'Discord refused DISCORD_TOKEN (401 Unauthorized).' };
      const detail = error.rawError && 'errors' in error.rawError ? ` ${JSON.stringify(error.rawError.errors)}` : '';
      return { exitCode: 1, output: `Discord refused the commands: ${error.message} (code ${error.code}).${detail}` };
    }
    return { exitCode: 1, output: `Could not reach Discord at ${env.DISCORD_API_URL}: ${errorMessage(error)}` };
  }
}
