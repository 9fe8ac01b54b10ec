/** Importing the load-test runner loads no client library until a run picks a target that needs one. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..', '..', '..');
const CLIENT_LIBRARIES =
  /node_modules\/(cassandra-driver|apache-ignite-client|@aws-sdk\/[^/]+|s3rver|playwright-core)\//;

/** The client libraries a fresh Node process has loaded after running `script`. */
async function librariesLoadedBy(script: string): Promise<string[]> {
  const probe = `${script};
const seen = Object.keys(require.cache).map((f) => ${CLIENT_LIBRARIES.toString()}.exec(f)?.[1]).filter(Boolean);
console.log(JSON.stringify([...new Set(seen)].sort()));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', '-e', probe], {
    cwd: root,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as string[];
}

describe('importing the runner', () => {
  jest.setTimeout(90_000);

  it('loads no client library', async () => {
    expect(await librariesLoadedBy("require('./tests-runner')")).toEqual([]);
  });

  it('loads the driver only when the driver target is picked', async () => {
    expect(
      await librariesLoadedBy("const { TARGETS } = require('./tests-runner'); void TARGETS.driver"),
    ).toEqual(['cassandra-driver']);
  });
});
