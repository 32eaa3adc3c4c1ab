/**
 * Writing a command's output so that all of it arrives through a pipe. A pipe takes 64 KiB at a
 * time; `process.exit()` right after a write drops the rest. So the exit code is set
 * (`process.exitCode`) and the process ends by itself once the write has drained. A reader that
 * stops early (`| head`) closes the pipe: that is not an error of the command, whose own exit code
 * (1 for problems found) still stands, and no stack trace follows.
 */

const guarded = new WeakSet<NodeJS.WritableStream>();

/** The stream reports a closed reader as an 'error' event too (after the write's callback): kept quiet. */
function guard(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE: the reader went away; anything else cannot be reported anywhere better either.
    if (error.code !== 'EPIPE') process.exitCode = process.exitCode || 1;
  });
}

export function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  guard(stream);
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

/**
 * Sets the exit code and writes the output, whole: on stdout on success and on stderr otherwise,
 * unless `stream` says where (a command's answer is its output even when it reports a failure).
 */
export async function finish(
  exitCode: number,
  output: string,
  stream: NodeJS.WritableStream = exitCode === 0 ? process.stdout : process.stderr,
): Promise<void> {
  process.exitCode = exitCode;
  if (output) await writeAll(stream, `${output}\n`);
}
