// @ts-check
/**
 * The allowed dependency graph between the project's parts, checked by `npm run deps` (CI runs it).
 * This comment is the one place the graph is written down:
 *
 *   bin/, scripts/                        entry points: may import every part below
 *     ↓
 *   bootstrap/ local/ campaigns/ lib/ monitoring/     orchestration
 *     ↓
 *   services/                             how to configure and start Cassandra and Ignite
 *     ↓
 *   bed/                                  the bed spec and S3 layout (read by orchestration); it
 *     ↓                                   embeds the load-test config, so it reads tests-runner/
 *   tests-runner/ → ignite/ → store/      the data plane (in that order)
 *     ↓
 *   common/                               errors, bounded waits: imports nothing of ours
 *
 *   bootstrap/ (node roles, also on EC2) never imports local/ (loopback, the local bed): process
 *   lifecycle and the sidecar process live in services/.
 *
 *   bench/, test/ may import any part; nothing but test/ imports them. Unit tests may import a
 *   part's private/ modules to test them; no part may.
 *
 * Besides the direction: no part reaches into another part's `private/` folders (its internals),
 * and there are no cycles, neither between files nor between parts.
 */

const ORCHESTRATION = 'bootstrap|local|campaigns|lib|monitoring';
const DATA_PLANE = 'store|tests-runner|ignite';
const OURS = `bin|scripts|${ORCHESTRATION}|services|${DATA_PLANE}|bed|common|bench|test|examples`;

/** Files of the given parts (alternatives of top-level folder names). */
const inParts = (parts) => `^(${parts})/`;

/**
 * A rule that `from` parts import none of `to` parts.
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function never(name, comment, from, to) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: inParts(from) },
    to: { path: inParts(to) },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'Files import one way only (type-only imports count: they tie the files as much).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-reaching-into-private',
      comment:
        "A part's private/ folders are its internals: other parts use its public modules (unit tests may test internals).",
      severity: 'error',
      from: { path: '^([^/]+)/', pathNot: '^test/' },
      to: { path: '(^|/)private/', pathNot: '^$1/' },
    },
    never(
      'common-is-the-bottom',
      'common/ is shared by every part and imports none of them.',
      'common',
      OURS.replace('|common', ''),
    ),
    never(
      'bed-is-a-contract',
      'bed/ (spec, S3 layout) is read by orchestration and imports only the load-test config (tests-runner/) and common/.',
      'bed',
      OURS.replace('|bed', '').replace('|common', '').replace('|tests-runner', ''),
    ),
    never(
      'store-is-a-library',
      'The store depends on common/ only.',
      'store',
      OURS.replace('|store', '').replace('|common', ''),
    ),
    never(
      'ignite-below-runner',
      'ignite/ uses the store and common/ only.',
      'ignite',
      OURS.replace('|store|tests-runner|ignite', '').replace('|common', '') + '|tests-runner',
    ),
    never(
      'runner-is-data-plane',
      'tests-runner/ uses the store, ignite/ and common/ only.',
      'tests-runner',
      OURS.replace(`|${DATA_PLANE}`, '').replace('|common', ''),
    ),
    never(
      'services-below-orchestration',
      'services/ is used by orchestration and imports only the data plane, bed/ and common/.',
      'services',
      `bin|scripts|${ORCHESTRATION}|bench|test|examples`,
    ),
    never(
      'bootstrap-not-local',
      'Node roles run on EC2 nodes too: they start processes through services/, never through local/ (loopback, the local bed).',
      'bootstrap',
      'local',
    ),
    never(
      'orchestration-below-entry-points',
      'Orchestration never imports entry points, benchmarks or tests.',
      ORCHESTRATION,
      'bin|scripts|bench|test|examples',
    ),
    never(
      'entry-points-not-into-bench-or-test',
      'Only tests import benchmarks and tests.',
      'bin|scripts',
      'bench|test',
    ),
    never('bench-not-into-test', 'Benchmarks do not depend on the test suite.', 'bench', 'test'),
    {
      name: 'no-part-cycles',
      comment: 'Parts (top-level folders) import one way only.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage|cdk\\.out|\\.run)/' },
    includeOnly: { path: `^(${OURS}|types)/` },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    moduleSystems: ['cjs', 'es6'],
  },
};
