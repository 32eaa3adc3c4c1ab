import { renderDiscordMessages } from '../adapters/discord/render.js';
import { renderText } from '../adapters/shell/render.js';
import type { SlackBlock, SlackText } from '../adapters/slack/blocks.js';
import { renderSlackMessages } from '../adapters/slack/render.js';
import type { OutgoingMessage } from '../core/message.js';

/**
 * One message as each platform shows it, drawn from the very payloads the adapters send (Block Kit
 * for Slack, embeds for Discord, the shell's text), each with its raw JSON. Everything is shown as
 * text: Slack's mrkdwn and Discord's markdown stay as written, so nothing in a story becomes markup.
 */
export function PlatformPreview(props: { message: OutgoingMessage; label: string }) {
  const slack = renderSlackMessages(props.message);
  const discord = renderDiscordMessages(props.message);
  const shell = renderText(props.message);
  return (
    <div class="cols">
      <section aria-label={`${props.label} on Slack`}>
        <h3>Slack</h3>
        {slack.map((payload) => (
          <div class="slack-msg">
            {payload.blocks.map((block) => (
              <SlackBlockView block={block} />
            ))}
          </div>
        ))}
        <RawJson value={slack} />
      </section>
      <section aria-label={`${props.label} on Discord`}>
        <h3>Discord</h3>
        {discord.map((payload) => (
          <div class="discord-msg">
            {payload.content && <p class="pre">{payload.content}</p>}
            {payload.embeds.map((embed) => (
              <div class="embed">
                {embed.title && <p class="embed-title">{embed.title}</p>}
                {embed.description && <p class="pre">{embed.description}</p>}
                {embed.fields && embed.fields.length > 0 && (
                  <dl class="embed-fields">
                    {embed.fields.map((f) => (
                      <div>
                        <dt>{f.name}</dt>
                        <dd class="pre">{f.value}</dd>
                      </div>
                    ))}
                  </dl>
                )}
                {embed.footer && <p class="embed-footer">{embed.footer.text}</p>}
              </div>
            ))}
          </div>
        ))}
        <RawJson value={discord} />
      </section>
      <section aria-label={`${props.label} in the shell`}>
        <h3>Shell</h3>
        <pre class="shell-msg">{shell}</pre>
      </section>
    </div>
  );
}

function text(t: SlackText) {
  return t.text;
}

function SlackBlockView(props: { block: SlackBlock }) {
  const { block } = props;
  switch (block.type) {
    case 'header':
      return <p class="slack-block slack-header">{block.text.text}</p>;
    case 'section':
      return 'fields' in block ? (
        <div class="slack-block slack-fields">
          {block.fields.map((f) => (
            <p class="pre">{text(f)}</p>
          ))}
        </div>
      ) : (
        <p class="slack-block pre">{text(block.text)}</p>
      );
    case 'context':
      return <p class="slack-block slack-context pre">{block.elements.map(text).join(' ')}</p>;
    case 'divider':
      return <hr class="slack-divider" />;
    case 'actions':
      return (
        <p class="slack-block">
          {block.elements.map((b) => (
            <span class="badge">{b.text.text}</span>
          ))}
        </p>
      );
  }
}

function RawJson(props: { value: unknown }) {
  return (
    <details>
      <summary>Raw JSON</summary>
      <pre class="pre">{JSON.stringify(props.value, null, 2)}</pre>
    </details>
  );
}
