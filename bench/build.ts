import { execFile } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Compiles src/ and the baselines to plain JS in `outDir`, so both servers run as `npm start`
 * runs Gatehouse: tsx's loader thread alone adds ~35 MiB of RSS. dist/ is left alone.
 * Returns tsc's complaints, if any; it emits regardless, as a type error does not stop a benchmark.
 */
export async function compile(root: string, outDir: string): Promise<string | undefined> {
  const config = join(outDir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { rootDir: root, outDir, sourceMap: false, noEmitOnError: false },
      include: [
        join(root, 'src'),
        join(root, 'bench/bare-provider.ts'),
        join(root, 'bench/argon2-verify.ts'),
      ],
      exclude: [join(root, 'src/**/*.test.ts')],
    }),
  );
  // The compiled files resolve packages and read as ESM through these two entries.
  symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', config], { cwd: root });
    return undefined;
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error).trim();
  }
}
