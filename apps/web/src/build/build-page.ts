import type { BuildOptions } from 'esbuild';
import { build, context } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

const pageDir = path.resolve(__dirname, '../page');

/** `npm run build` writes here; the server serves this directory unless WEB_DIST_DIR says otherwise. */
export const DEFAULT_OUT_DIR = path.resolve(__dirname, '../../dist');

/** The files the page is made of; the server serves exactly these names. */
export const PAGE_FILES = ['index.html', 'app.js', 'app.css'] as const;

export interface BuildPageOptions {
  outDir?: string;
  /** Minified for serving; readable with a source map while developing. */
  minify?: boolean;
}

function esbuildOptions({
  outDir = DEFAULT_OUT_DIR,
  minify = true,
}: BuildPageOptions): BuildOptions {
  return {
    entryPoints: [path.join(pageDir, 'main.ts')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    // One classic script, no modules: nothing for the CSP to allow beyond 'self'.
    format: 'iife',
    platform: 'browser',
    // Browsers of the last few years, phones included (<dialog> needs Safari 15.4).
    target: ['chrome100', 'safari15', 'firefox100', 'edge100'],
    // Workspace packages (@wechat-bind/dto) are bundled from their TypeScript sources.
    conditions: ['source'],
    // The providers' logos go into app.js as data: URLs: no more files to serve.
    loader: { '.svg': 'dataurl' },
    minify,
    sourcemap: minify ? false : 'linked',
    legalComments: 'none',
    logLevel: 'silent',
  };
}

async function copyStatic(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await copyFile(path.join(pageDir, 'index.html'), path.join(outDir, 'index.html'));
  await copyFile(path.join(pageDir, 'app.css'), path.join(outDir, 'app.css'));
}

/** Bundles src/page/main.ts into app.js and copies index.html and app.css beside it. */
export async function buildPage(options: BuildPageOptions = {}): Promise<string> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  await build(esbuildOptions(options));
  await copyStatic(outDir);
  return outDir;
}

/** Rebuilds on every change of the page's sources until the returned function is called. */
export async function watchPage(
  options: BuildPageOptions & { onRebuilt(errors: number): void },
): Promise<() => Promise<void>> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const ctx = await context({
    ...esbuildOptions({ ...options, minify: false }),
    // Keep watching after a mistake, and say what it was.
    logLevel: 'warning',
    plugins: [
      {
        name: 'copy-static',
        setup(build) {
          build.onEnd(async (result) => {
            await copyStatic(outDir);
            options.onRebuilt(result.errors.length);
          });
        },
      },
    ],
  });
  await ctx.watch();
  return () => ctx.dispose();
}
