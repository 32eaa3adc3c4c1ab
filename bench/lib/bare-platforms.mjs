// The baseline for the footprint bench: bare Bolt (HTTP receiver) and a bare discord.js gateway
// client in one plain Node process, nothing of Sitrep's, connected to the same stand-ins. Answers
// GET /healthz with 200 once both are ready, as Sitrep does. Configured by the variables Sitrep
// reads (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, DISCORD_TOKEN, DISCORD_API_URL, PORT).
import { createServer } from 'node:http';
import bolt from '@slack/bolt';
import { Client, Events, GatewayIntentBits } from 'discord.js';

const env = process.env;
const receiver = new bolt.HTTPReceiver({ signingSecret: env.SLACK_SIGNING_SECRET, endpoints: '/slack/events' });
const app = new bolt.App({
  token: env.SLACK_BOT_TOKEN,
  receiver,
  deferInitialization: true,
  clientOptions: { slackApiUrl: env.SLACK_API_URL },
});
app.command('/sitrep', async ({ ack }) => ack('ok'));
const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: env.DISCORD_API_URL } });
client.on(Events.InteractionCreate, () => {});

let ready = false;
const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(ready ? 200 : 503).end();
    return;
  }
  receiver.requestListener(req, res);
});
server.listen(Number(env.PORT ?? 0), '127.0.0.1');
await app.init();
await new Promise((resolve, reject) => {
  client.once(Events.ClientReady, resolve);
  client.login(env.DISCORD_TOKEN).catch(reject);
});
ready = true;
const stop = () => {
  server.close();
  void client.destroy();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
