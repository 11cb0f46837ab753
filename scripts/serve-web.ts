// The static server behind `urna web` and `npm start` (src/cli/commands/web.ts): serves the built browser apps
// (scripts/build-web.ts, out/web) on 127.0.0.1 — the urna at /urna/ and the mesário terminal at /terminal/. Both
// pages run in the same browser and talk over a same-machine BroadcastChannel (web/shared/cable.ts), never through
// this server, which only hands out the static files.
// A tiny static server: GET/HEAD only, known content types, no directory listing, nothing outside its root.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The file a request path names under root, or a status: 400 for a path that tries to leave root (`..`, an
 * encoded slash or NUL), a redirect for a folder without its final slash, 404 for anything else not a file.
 */
export function resolveRequest(
  root: string,
  rawUrl: string,
): { file: string } | { status: 400 | 404 } | { redirect: string } {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return { status: 400 };
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 400 };
  if (path === '/') return { redirect: '/urna/' };
  const base = resolve(root);
  const target = resolve(base, '.' + path);
  if (target !== base && !target.startsWith(base + sep)) return { status: 400 };
  if (isDir(target)) {
    if (!path.endsWith('/')) return { redirect: `${path}/` };
    const index = join(target, 'index.html');
    // A folder is its index.html, never a listing.
    return isFile(index) ? { file: index } : { status: 404 };
  }
  return isFile(target) ? { file: target } : { status: 404 };
}

export function createStaticServer(root: string): Server {
  return createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const r = resolveRequest(root, req.url ?? '/');
    if ('redirect' in r) {
      res.writeHead(302, { location: r.redirect }).end();
      return;
    }
    if ('status' in r) {
      res
        .writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' })
        .end(r.status === 400 ? 'Bad request' : 'Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(r.file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(r.file).pipe(res);
  });
}

/** Starts the server; resolves with its origin (`http://127.0.0.1:<port>`). Port 0 picks a free one. */
export async function serveWeb(root: string, port: number): Promise<{ server: Server; origin: string }> {
  const server = createStaticServer(root);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
