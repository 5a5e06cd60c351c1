// Builds dist/ twice from src/: ES modules in dist/ (with the type declarations the
// `import` condition uses) and CommonJS in dist/cjs/ (for `require`). The
// package.json written into dist/cjs/ makes Node and TypeScript read the .js and
// .d.ts files there as CommonJS, whatever the package's own "type" says.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = (project) => execFileSync(process.execPath, [tsc, '-p', join(root, project)], { stdio: 'inherit' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
run('tsconfig.json');
run('tsconfig.cjs.json');
writeFileSync(join(root, 'dist/cjs/package.json'), '{ "type": "commonjs" }\n');
