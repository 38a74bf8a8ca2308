// Drives three.js in headless Chromium for `scripts/bench peers`: serves the page and the model files on
// 127.0.0.1, keeps one page warm, and answers one JSON line on stdout per JSON job line on stdin.
//   node driver.js [--gl egl|swiftshader] [--chromium PATH]
//   stdin:  {"file": "/abs/model.glb", "size": 256, "frames": 24, "quality": 75, "background": "#f0f0f0", "cameraHeight": 0.5,
//            "firstFrameOut": "/optional/first-frame.webp"}
//   stdout: {"ready": true, "renderer": ..., "samples": 4, ...} once, then per job {"load": ms, "render": ms, ...} or {"error": "..."}
// Logs go to stderr, so stdout carries only the protocol.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
};
const gl = arg('--gl', 'egl');
const chromium = arg('--chromium', process.env.CHROMIUM
  || ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)));

// The system GL through ANGLE's EGL back end (Mesa llvmpipe without a GPU), or Chromium's own SwiftShader.
const GL_FLAGS = {
  egl: ['--use-gl=angle', '--use-angle=gl-egl', '--ignore-gpu-blocklist', '--enable-gpu'],
  swiftshader: ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
};
if (!GL_FLAGS[gl]) fail(`--gl ${gl} is not one of ${Object.keys(GL_FLAGS).join(', ')}`);
if (!chromium) fail('no Chromium found: install it (apt-get install chromium) or pass --chromium PATH');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message }) + '\n');
  process.exit(1);
}

// /           the page; /three/...  the three package; /fs/<absolute path>  a model file and its neighbours
function serve(req, res) {
  const url = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  let file;
  if (url === '/') file = path.join(here, 'page.html');
  else if (url === '/page.js') file = path.join(here, 'page.js');
  else if (url.startsWith('/three/')) file = path.join(here, 'node_modules', 'three', path.normalize(url.slice(7)));
  else if (url.startsWith('/fs/')) file = path.normalize(url.slice(3));
  fs.readFile(file ?? '', (err, data) => {
    if (err) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(data);
  });
}

const server = http.createServer(serve);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--mute-audio', ...GL_FLAGS[gl]],
});
const page = await browser.newPage();
page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
await page.goto(origin + '/');
await page.waitForFunction('window.peerReady === true', { timeout: 60000 });
const info = await page.evaluate(() => window.peerInfo());
info.chromium = await browser.version();
info.gl = gl;
info.chromiumPid = browser.process()?.pid;
process.stdout.write(JSON.stringify({ ready: true, ...info }) + '\n');

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const job = JSON.parse(line);
    if (job.quit) break;
    job.url = origin + '/fs' + path.resolve(job.file).split(path.sep).map(encodeURIComponent).join('/');
    answer = await page.evaluate((j) => window.peerJob(j), { ...job, keepFirst: Boolean(job.firstFrameOut) });
    if (answer.first) {
      fs.writeFileSync(job.firstFrameOut, Buffer.from(answer.first.slice(answer.first.indexOf(',') + 1), 'base64'));
      delete answer.first;
    }
  } catch (e) {
    answer = { error: String(e.message ?? e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
await browser.close();
server.close();
