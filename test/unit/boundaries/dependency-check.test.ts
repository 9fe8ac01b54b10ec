/**
 * The boundary check (`npm run deps`, `.dependency-cruiser.cjs`) fails on a new edge the graph does
 * not allow: each case plants one import into a small copy of the layout and runs the real check.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..', '..', '..');
const cruiser = path.join(
  root,
  'node_modules',
  'dependency-cruiser',
  'bin',
  'dependency-cruise.mjs',
);

/** The files of a tiny project with the real config: common ← store ← services ← local, bin. */
const CLEAN: Record<string, string> = {
  'common/errors.ts': 'export class TestbedError extends Error {}\n',
  'store/index.ts': "export { Store } from './store';\n",
  'store/store.ts':
    "import { TestbedError } from '../common/errors';\nimport { retry } from './private/retry';\nexport class Store extends TestbedError {\n  r = retry;\n}\n",
  'store/private/retry.ts': 'export const retry = 3;\n',
  'services/index.ts': "export { startService } from './start';\n",
  'services/start.ts':
    "import { Store } from '../store';\nexport const startService = (): Store => new Store();\n",
  'local/index.ts': "export { startLocal } from './start';\n",
  'local/start.ts':
    "import { startService } from '../services';\nexport const startLocal = startService;\n",
  'bin/main.ts': "import { startLocal } from '../local';\nstartLocal();\n",
};

async function check(planted: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deps-check-'));
  try {
    cpSync(path.join(root, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
    cpSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    for (const [file, text] of Object.entries({ ...CLEAN, ...planted })) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [cruiser, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', '.'],
        { cwd: dir, timeout: 60_000 },
      );
      return { code: 0, output: stdout };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the part boundary check', () => {
  jest.setTimeout(120_000);

  it('passes the allowed graph', async () => {
    const { code, output } = await check({});
    expect(output).toMatch(/no dependency violations/);
    expect(code).toBe(0);
  });

  it('fails if the store imports a part above it (a reverse import)', async () => {
    const { code, output } = await check({
      'store/store.ts': `${CLEAN['store/store.ts'] ?? ''}import { startService } from '../services';\nexport const up = startService;\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/store-is-a-library: store\/store\.ts → services\/index\.ts/);
  });

  it('fails if a part reaches into another part’s private/', async () => {
    const { code, output } = await check({
      'services/start.ts': `${CLEAN['services/start.ts'] ?? ''}export { retry } from '../store/private/retry';\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /no-reaching-into-private: services\/start\.ts → store\/private\/retry\.ts/,
    );
  });

  it('fails if files import each other in a cycle', async () => {
    const { code, output } = await check({
      'store/private/retry.ts':
        "import { Store } from '../store';\nexport const retry = 3;\nexport type S = Store;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-file-cycles/);
  });

  it('fails if two orchestration parts import each other', async () => {
    const { code, output } = await check({
      'bootstrap/main.ts':
        "import { startLocal } from '../local';\nexport const main = startLocal;\n",
      'local/start.ts': `${CLEAN['local/start.ts'] ?? ''}export { main } from '../bootstrap/main';\n`,
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-part-cycles/);
  });

  it('fails if a node role (bootstrap/) imports local/: EC2 nodes start processes through services/', async () => {
    const { code, output } = await check({
      'bootstrap/main.ts':
        "import { startLocal } from '../local';\nexport const main = startLocal;\n",
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/bootstrap-not-local: bootstrap\/main\.ts → local\/index\.ts/);
  });
});
