/**
 * The data plane (store, load-test runner, Ignite side, services) is a set of libraries: their
 * errors carry codes and data, never the CLI's exit codes, and their messages and hints never name
 * a `testbed` command — the CLI adds those in one place (bin/error-exit.ts). This scans the source,
 * so a regression fails here rather than in a person's terminal.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..', '..');
const DATA_PLANE = ['store', 'tests-runner', 'ignite', 'services', 'common'];

/** The CLI's top-level command names (ddl, doctor, local, load-test …), read from the CLI itself. */
const COMMANDS = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '-r',
      'tsx/cjs',
      '-e',
      "console.log(JSON.stringify(require('./bin/testbed.ts').buildProgram().commands.map((c) => c.name())))",
    ],
    { cwd: root, timeout: 60_000, encoding: 'utf8' },
  ),
) as string[];
const NAMES_A_COMMAND = new RegExp(`(?<![\\w-])testbed\\s+(${COMMANDS.join('|')})\\b`);

/** Every problem in one source file: `file:line: what`. */
function problemsIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  const at = (node: ts.Node): string =>
    `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      if (NAMES_A_COMMAND.test(node.text)) {
        problems.push(`${at(node)}: a string names a CLI command: ${JSON.stringify(node.text)}`);
      }
    }
    // `{ exitCode: 2 }` options, or an exitCode member of an error class or its options type: exit
    // codes belong to entry points. (A process wrapper's child exit code is another matter.)
    const inErrorType = (): boolean => {
      const owner = node.parent;
      return (
        (ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner)) &&
        /Error/.test(owner.name?.text ?? '')
      );
    };
    if (
      (ts.isPropertyAssignment(node) ||
        ts.isShorthandPropertyAssignment(node) ||
        ((ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) && inErrorType())) &&
      node.name.getText(source) === 'exitCode'
    ) {
      problems.push(`${at(node)}: an exitCode option or member`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

it('knows the CLI commands it looks for', () => {
  expect(COMMANDS).toEqual(expect.arrayContaining(['ddl', 'doctor', 'local', 'load-test']));
});

it('catches a planted hint naming a command and a planted exitCode option', () => {
  const planted = `
    class SchemaError extends StoreError {
      readonly exitCode = 2;
    }
    class Child {
      private exitCode: number | null = null; // a child's exit code, fine
    }
    throw new SchemaError('ks.t is missing', {
      exitCode: 2,
      hint: \`Create it with \\\`testbed ddl \${file} --apply\\\`.\`,
    });
    const fine = ['testbed_load', 'ignite-cassandra-testbed load-test results']; // names, not commands
    // a comment may say \`testbed ddl\`
  `;
  expect(problemsIn('planted.ts', planted)).toEqual([
    'planted.ts:3: an exitCode option or member',
    'planted.ts:9: an exitCode option or member',
    'planted.ts:10: a string names a CLI command: "Create it with `testbed ddl "',
  ]);
});

it.each(DATA_PLANE)(
  '%s/: no message or hint names a testbed command, no exitCode option',
  (dir) => {
    const files = sourceFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((file) =>
      problemsIn(file, readFileSync(path.join(root, file), 'utf8')),
    );
    expect(problems).toEqual([]);
  },
);
