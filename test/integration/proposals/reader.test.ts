import { lookup } from 'node:dns/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createArticleReader } from '../../../src/adapters/article/reader.js';

// The real resolver, unless a test makes a name answer as a rebinding attacker's would.
vi.mock('node:dns/promises', async (importOriginal) => {
  const dns = await importOriginal<typeof import('node:dns/promises')>();
  return { ...dns, lookup: vi.fn(dns.lookup) };
});
afterEach(() => vi.mocked(lookup).mockReset());

/** Reading an article by URL from a local HTTP server, and every way a page can fail to be read. */

const PAGE = `<!doctype html><html><head><title>Summit held in the Far East</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-09-13T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Summit held in the Far East</h1>
<p>Kim Jong Un and Vladimir Putin met on 13 September 2023 at the Vostochny Cosmodrome, the Kremlin said.</p>
<p>Kim had travelled to Russia by armoured train. The talks lasted four hours, officials said.</p>
<p>Analysts said the meeting could lead to arms deals, though no agreement was announced.</p>
</article><footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>`;

let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/article')
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    if (req.url === '/plain')
      return void res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end('First paragraph here.\n\nSecond one, the ministry said.');
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/article' }).end();
    if (req.url === '/image') return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10));
    if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = `<p>${'word '.repeat(2000)}</p>`;
      let sent = 0;
      const more = () => {
        while (sent < 400 && res.write(chunk)) sent += 1;
        if (sent < 400) res.once('drain', more);
        else res.end();
      };
      return more();
    }
    if (req.url === '/slow')
      return void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE), 3000);
    if (req.url === '/empty')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body></body></html>');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), 'sitrep-article-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

// The test server is on this machine: allowed here, refused by default (see below).
const reader = createArticleReader({ timeoutMs: 15_000, maxBytes: 200_000, privateAddresses: 'allow' });
// Only for the slow page: a short limit, so the test does not wait long.
const impatient = createArticleReader({ timeoutMs: 1000, privateAddresses: 'allow' });

describe('reading an article by URL', () => {
  it('reduces a page to its article text, paragraphs and sentences kept, navigation and footer gone', async () => {
    const article = await reader.read({ kind: 'url', url: `${base}/article` });
    expect(article.title).toBe('Summit held in the Far East');
    expect(article.siteName).toBe('Example News');
    expect(article.published).toBe('2023-09-13');
    const texts = article.sentences.map((s) => s.text);
    expect(texts[0]).toContain('Kim Jong Un and Vladimir Putin met on 13 September 2023');
    expect(texts.join(' ')).not.toMatch(/Subscribe|Cookie|Home/);
    expect(new Set(article.sentences.map((s) => s.paragraph)).size).toBeGreaterThanOrEqual(3);
    expect(article.sentences[0]?.dates.map((d) => d.text)).toEqual(['13 September 2023']);
  });

  it('follows a redirect and records the address it ended at', async () => {
    const article = await reader.read({ kind: 'url', url: `${base}/redirect` });
    expect(article.address).toBe(`${base}/article`);
  });

  it('reads plain text as it is', async () => {
    const article = await reader.read({ kind: 'url', url: `${base}/plain` });
    expect(article.sentences.map((s) => s.paragraph)).toEqual([0, 1]);
  });

  it.each([
    ['/missing', /answered 404/],
    ['/image', /not an article page \(it is image\/png\)/],
    ['/huge', /larger than 195 KB/],
    ['/empty', /No article text could be found/],
  ])('%s gets a clear answer', async (route, message) => {
    await expect(reader.read({ kind: 'url', url: `${base}${route}` })).rejects.toThrow(message);
  });

  it('gives up on a page that does not answer in time', async () => {
    await expect(impatient.read({ kind: 'url', url: `${base}/slow` })).rejects.toThrow(/did not answer within 1 s/);
  });

  it('refuses addresses it cannot fetch, with the reason', async () => {
    await expect(reader.read({ kind: 'url', url: 'ftp://example.com/a' })).rejects.toThrow(/Only http and https/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(reader.read({ kind: 'url', url: `http://127.0.0.1:${port}/x` })).rejects.toThrow(
      new RegExp(`Could not reach 127.0.0.1:${port}: connection refused`),
    );
  });
});

describe('addresses on this machine or a private network', () => {
  const guarded = createArticleReader({ timeoutMs: 5000 });

  it.each([
    'http://127.0.0.1:9/x',
    'http://localhost/x',
    'http://[::1]:9/x',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/x',
    'http://192.168.0.1/x',
    'http://[::ffff:127.0.0.1]:9/x',
    'http://[::ffff:7f00:1]:9/x',
    'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/',
    'http://[2002:a9fe:a9fe::1]/latest/meta-data/',
    'http://198.18.0.1/x',
    'http://224.0.0.251/x',
    'http://[ff02::1]/x',
  ])('%s is refused by default, before anything is fetched', async (url) => {
    await expect(guarded.read({ kind: 'url', url })).rejects.toThrow(/private or local network/);
  });

  it('a redirect from an allowed host to a private address is refused before it is followed', async () => {
    const hops: string[] = [];
    const redirecting = createServer((req, res) => {
      hops.push(req.url ?? '');
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    try {
      await expect(guarded.read({ kind: 'url', url: `http://${host}/start` })).rejects.toThrow(/private or local/);
      expect(hops).toEqual([]);
      const intranet = createArticleReader({ allowedHosts: [host], timeoutMs: 3000 });
      await expect(intranet.read({ kind: 'url', url: `http://${host}/start` })).rejects.toThrow(
        '169.254.169.254 is on a private or local network',
      );
      expect(hops).toEqual(['/start']);
    } finally {
      redirecting.closeAllConnections();
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });

  it('a name that resolves to a private address is refused, and one that does not resolve is said to be unknown', async () => {
    vi.mocked(lookup).mockImplementation((async () => [{ address: '10.0.0.5', family: 4 }]) as never);
    await expect(guarded.read({ kind: 'url', url: 'http://intranet.example/x' })).rejects.toThrow(
      'intranet.example is on a private or local network; articles are read only from the public web.',
    );
    vi.mocked(lookup).mockImplementation((async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    }) as never);
    await expect(guarded.read({ kind: 'url', url: 'http://nowhere.example:8080/x' })).rejects.toThrow(
      'Could not reach nowhere.example:8080: no such host.',
    );
  });

  describe('a name that answers a public address when checked and 127.0.0.1 after (DNS rebinding)', () => {
    // 203.0.113.0/24 is for documentation: public to the check, and nothing answers there.
    const rebinding = () => {
      let calls = 0;
      vi.mocked(lookup).mockImplementation((async () => [
        { address: calls++ === 0 ? '203.0.113.7' : '127.0.0.1', family: 4 },
      ]) as never);
    };
    const quick = createArticleReader({ timeoutMs: 1000 });
    let local: Server;
    let port: number;
    const hits: string[] = [];
    beforeAll(async () => {
      local = createServer((req, res) => {
        hits.push(req.url ?? '');
        if (req.url === '/start') return void res.writeHead(302, { location: `http://localhost:${port}/secret` }).end();
        res.writeHead(200, { 'content-type': 'text/plain' }).end('Internal only, the server said.');
      });
      await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
      port = (local.address() as AddressInfo).port;
    });
    afterAll(async () => {
      local.closeAllConnections();
      await new Promise((resolve) => local.close(resolve));
    });

    it('is connected to at the address checked, never at the one a second lookup gives', async () => {
      hits.length = 0;
      rebinding();
      await expect(quick.read({ kind: 'url', url: `http://localhost:${port}/secret` })).rejects.toThrow(
        /did not answer|Could not reach/,
      );
      expect(hits).toEqual([]);
    });

    it('is pinned the same way when a redirect leads to it', async () => {
      hits.length = 0;
      rebinding();
      const viaIntranet = createArticleReader({ timeoutMs: 1000, allowedHosts: [`127.0.0.1:${port}`] });
      await expect(viaIntranet.read({ kind: 'url', url: `http://127.0.0.1:${port}/start` })).rejects.toThrow(
        /did not answer|Could not reach/,
      );
      expect(hits).toEqual(['/start']);
    });
  });
});

describe('plain text with a headline', () => {
  it('takes a first short line without a sentence end as the title, not as a sentence', async () => {
    const article = await reader.read({
      kind: 'text',
      text: 'Ships diverted as strike holds\n\nTwo shipping lines diverted vessels on 3 April 2031, the port said.',
    });
    expect(article.title).toBe('Ships diverted as strike holds');
    expect(article.sentences.map((s) => s.text)).toEqual([
      'Two shipping lines diverted vessels on 3 April 2031, the port said.',
    ]);
    const plain = await reader.read({ kind: 'text', text: 'One sentence here.\n\nAnother one there.' });
    expect(plain.title).toBeUndefined();
    expect(plain.sentences).toHaveLength(2);
  });
});

describe('reading an article file', () => {
  it('reads text and saved HTML', async () => {
    const html = path.join(dir, 'page.html');
    await writeFile(html, PAGE);
    const article = await reader.read({ kind: 'file', path: html });
    expect(article.title).toBe('Summit held in the Far East');
    const text = path.join(dir, 'a.txt');
    await writeFile(text, 'One sentence here. Another one there.\n\nA new paragraph.');
    expect((await reader.read({ kind: 'file', path: text })).sentences.map((s) => s.paragraph)).toEqual([0, 0, 1]);
  });

  it('answers clearly for a missing file, a directory and an empty file', async () => {
    await expect(reader.read({ kind: 'file', path: path.join(dir, 'nope.txt') })).rejects.toThrow(/No file at/);
    await expect(reader.read({ kind: 'file', path: dir })).rejects.toThrow(/is a directory/);
    const empty = path.join(dir, 'empty.txt');
    await writeFile(empty, '  \n\n ');
    await expect(reader.read({ kind: 'file', path: empty })).rejects.toThrow(/no text/);
  });
});
