import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { notice, type OutgoingMessage } from '../../core/message.js';
import type { ChannelAddress, ChatAdapter, CommandPort, PostOptions, PostResult } from '../../core/ports.js';
import { renderText } from './render.js';

export const SHELL_CHANNEL: ChannelAddress = 'shell:local';
/** The person at the terminal, unless told otherwise. */
export const SHELL_USER = 'local';

export interface ShellOptions {
  input: Readable;
  output: Writable;
  /** Who the typed commands come from; the shell user is the person at the terminal. */
  userId?: string;
  prompt?: boolean;
}

/**
 * The local REPL, routed exactly as chat is: each typed line goes through the same command handler
 * as a Slack or Discord slash command, and briefings and alerts posted to `shell:local` print here.
 */
export class ShellAdapter implements ChatAdapter {
  readonly platform = 'shell' as const;
  private rl: Interface | undefined;
  private queue: Promise<void> = Promise.resolve();
  private posted = 0;
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  constructor(private readonly options: ShellOptions) {
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
  }

  async start(commands: CommandPort): Promise<void> {
    const interactive = this.options.prompt ?? false;
    this.rl = createInterface({ input: this.options.input, output: this.options.output, terminal: interactive });
    // A reader that stops early (`npm start | head`) closes the pipe: the session ends there, as it
    // does at the end of input, instead of an unhandled EPIPE and a stack trace.
    this.options.output.on('error', () => this.rl?.close());
    if (interactive) {
      this.write('Sitrep shell. Type /sitrep help, or exit.');
      this.rl.setPrompt('sitrep> ');
      this.rl.prompt();
    }
    this.rl.on('line', (line) => {
      const text = line.trim();
      if (text === 'exit' || text === 'quit') {
        this.rl?.close();
        return;
      }
      // Lines are answered in order, one at a time, as a chat channel shows them.
      this.queue = this.queue.then(async () => {
        if (text !== '') {
          let answer: OutgoingMessage;
          try {
            answer = await commands.handle({
              text,
              // The person at the terminal owns the files and the database: they are an admin here.
              caller: {
                platform: 'shell',
                userId: this.options.userId ?? SHELL_USER,
                channel: SHELL_CHANNEL,
                operator: true,
              },
            });
          } catch {
            // CommandPort.handle never throws; should it ever, this line still gets an answer and the
            // lines after it are still answered (a rejected queue would answer none of them).
            answer = notice('Something went wrong answering that.', 'error');
          }
          this.write(`${renderText(answer)}\n`);
        }
        if (interactive) this.rl?.prompt();
      });
    });
    this.rl.on('close', () => {
      void this.queue.then(() => this.markClosed());
    });
  }

  async stop(): Promise<void> {
    this.rl?.close();
    await this.queue;
  }

  async post(
    to: ChannelAddress,
    message: OutgoingMessage,
    deliveryId: string,
    options: PostOptions = {},
  ): Promise<PostResult> {
    this.posted += 1;
    const where = options.thread ? `${to}, in the thread of ${options.thread}` : to;
    this.write(`\n[${where}] ${message.text}\n${renderText(message)}\n`);
    return { ok: true, messageId: `${deliveryId}#${this.posted}` };
  }

  isConnected(): boolean {
    return true;
  }

  private write(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}
