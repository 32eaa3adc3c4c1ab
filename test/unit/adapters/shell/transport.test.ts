import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ShellAdapter } from '../../../../src/adapters/shell/transport.js';
import { notice } from '../../../../src/core/message.js';
import type { CommandPort } from '../../../../src/core/ports.js';

describe('shell adapter', () => {
  it('answers every line even when the handler throws on one of them', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => {
      written += chunk.toString('utf8');
    });
    const commands: CommandPort = {
      async handle(command) {
        if (command.text === 'boom') throw new Error('kaput');
        return notice(`answered ${command.text}`);
      },
      isSlow: () => false,
      complete: async () => [],
      definitions: () => [],
    };
    const shell = new ShellAdapter({ input, output });
    await shell.start(commands);
    input.end('first\nboom\nlast\n');
    await shell.closed;
    expect(written).toContain('answered first');
    expect(written).toContain('Something went wrong');
    expect(written).toContain('answered last');
  });
});
