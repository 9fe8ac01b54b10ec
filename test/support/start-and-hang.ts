/** Test helper: starts an owned service process, prints its pid, and waits to be killed. */
import path from 'node:path';

import { ServiceProcess } from '../../services/process';

const dir = process.argv[2] ?? '/tmp';
const p = ServiceProcess.start({
  name: 'orphan candidate',
  command: '/bin/sh',
  args: ['-c', 'while true; do sleep 0.1; done', 'orphan-candidate'],
  cwd: dir,
  outputFile: path.join(dir, 'orphan.log'),
  marker: 'orphan-candidate',
});
process.stdout.write(`SERVICE ${p.pid}\n`);
setInterval(() => undefined, 1000);
