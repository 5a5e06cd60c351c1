// Builds the two pages into dist/ (console/, widget/, each an index.html and one bundled
// main.js) after checking their types, and compiles the Node side (the browser tests and
// the try-it helper) into build/. The SDK is resolved as the package `livechat-sdk`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const typecheck = (project) => execFileSync(process.execPath, [tsc, '-p', join(root, project)], { stdio: 'inherit' });

typecheck('tsconfig.json');
rmSync(join(root, 'build'), { recursive: true, force: true });
typecheck('tsconfig.node.json');

const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
for (const page of ['console', 'widget']) {
  await build({
    entryPoints: [join(root, page, 'main.ts')],
    outfile: join(dist, page, 'main.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'warning',
  });
  copyFileSync(join(root, page, 'index.html'), join(dist, page, 'index.html'));
  copyFileSync(join(root, page, 'style.css'), join(dist, page, 'style.css'));
}
copyFileSync(join(root, 'shared', 'shared.css'), join(dist, 'shared.css'));
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'index.html'), `<!doctype html>
<meta charset="utf-8"><title>livechat examples</title>
<ul>
  <li><a href="console/">Agent console</a></li>
  <li><a href="widget/">Customer widget</a> (opens with <code>#token=…</code>)</li>
</ul>
`);
