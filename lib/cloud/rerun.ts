/**
 * A new run on a live bed: the Cassandra and Ignite nodes keep serving, each load-test node starts
 * the bootstrap `tests` role again with the new run's id and spec key, through SSM Run Command
 * (the only way into a node; its role has AmazonSSMManagedInstanceCore). The new run's resolved
 * bed must be staged in S3 before (its key is what the nodes read).
 */
import { SendCommandCommand, SSMClient } from '@aws-sdk/client-ssm';

import { CloudBedError } from '../errors';
import { LAUNCHER_ROOT } from '../private/launcher';

/** The shell commands a load-test node runs for run `runId` (whose resolved bed is at `specKey`). */
export function rerunCommands(runId: string, specKey: string): string[] {
  if (!/^[A-Za-z0-9-]+$/.test(runId) || !/^[A-Za-z0-9/._-]+$/.test(specKey))
    throw new CloudBedError(
      'rerun',
      `run id ${runId} or spec key ${specKey} has unsafe characters.`,
    );
  const env = `${LAUNCHER_ROOT}/node-${runId}.env`;
  return [
    'set -eu',
    // The launcher's env file with this run's id, spec and its own work directory.
    `sed -e 's|^TESTBED_RUN_ID=.*|TESTBED_RUN_ID=${runId}|' -e 's|^TESTBED_SPEC_KEY=.*|TESTBED_SPEC_KEY=${specKey}|' -e 's|^TESTBED_WORK_DIR=\\(.*\\)|TESTBED_WORK_DIR=\\1/runs/${runId}|' ${LAUNCHER_ROOT}/node.env > ${env}`,
    `cd ${LAUNCHER_ROOT}/app`,
    `PATH=${LAUNCHER_ROOT}/node/bin:$PATH setsid nohup node_modules/.bin/tsx bootstrap/main.ts --env-file ${env} > ${LAUNCHER_ROOT}/bootstrap-${runId}.log 2>&1 < /dev/null &`,
    `echo "run ${runId} started"`,
  ];
}

/** The instance ids of the load-test nodes from the bed stack's `Nodes` output. */
export function loadTestInstances(nodesOutput: string | undefined): string[] {
  const ids = (nodesOutput ?? '')
    .split(',')
    .map((pair) => pair.split('='))
    .filter(([node, id]) => node !== undefined && /^Tests\d+$/.test(node) && id)
    .map(([, id]) => id as string);
  if (ids.length === 0)
    throw new CloudBedError(
      'rerun',
      `the bed's Nodes output names no load-test instance (${JSON.stringify(nodesOutput)}).`,
      { hint: 'Was the bed brought up by `testbed cloud up` from this checkout?' },
    );
  return ids;
}

/** Sends the run to the load-test nodes; returns the SSM command id. */
export async function requestRun(
  region: string,
  instanceIds: readonly string[],
  runId: string,
  specKey: string,
): Promise<string> {
  const ssm = new SSMClient({ region });
  try {
    const r = await ssm.send(
      new SendCommandCommand({
        InstanceIds: [...instanceIds],
        DocumentName: 'AWS-RunShellScript',
        Comment: `testbed run ${runId}`,
        Parameters: { commands: rerunCommands(runId, specKey) },
        TimeoutSeconds: 600,
      }),
    );
    const id = r.Command?.CommandId;
    if (!id) throw new CloudBedError('aws', 'SSM SendCommand returned no command id.');
    return id;
  } finally {
    ssm.destroy();
  }
}
