// Preloaded into a child process (`node --import`): appends the URL of every module it loads, one
// a line, to the file named by RECORD_MODULES_TO. Lets a test read what a start path loaded.
import { register } from 'node:module';

const to = process.env.RECORD_MODULES_TO;
if (to) {
  register(
    `data:text/javascript,${encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      export async function load(url, context, next) {
        appendFileSync(${JSON.stringify(to)}, url + '\\n');
        return next(url, context);
      }
    `)}`,
  );
}
