import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';

import { addCampaignStacks, type CampaignAppInput } from '../../../lib/campaign/campaign-app';
import { cliExitCode } from '../../../bin/error-exit';
import { CloudBedError } from '../../../lib/errors';
import { bundleFiles } from '../../../lib/testbed-app';
import { fakeBundleDir } from '../../support/cdk-bed';

const INPUT: CampaignAppInput = {
  name: 'nightly-cloud',
  file: 'examples/campaigns/nightly-cloud.yaml',
  cells: ['ts', 'original'],
  repetitions: 2,
  schedule: { cron: '0 2 * * ? *', timeZone: 'Europe/Berlin' },
  region: 'eu-west-1',
  bundle: bundleFiles(fakeBundleDir()),
  nag: false,
};

function synth(input: Partial<CampaignAppInput> = {}) {
  const app = new App();
  return { app, ...addCampaignStacks(app, { ...INPUT, ...input }) };
}

const { app, campaign } = synth();
const template = Template.fromStack(campaign);

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Retry?: Array<{ ErrorEquals: string[]; MaxAttempts?: number }>;
  Resource?: string;
  TimeoutSeconds?: number;
  Parameters?: Record<string, unknown>;
  ItemProcessor?: { StartAt: string; States: Record<string, State> };
  MaxConcurrency?: number;
}

/** The rendered definition, CloudFormation references replaced by a marker inside their strings. */
function definition(): { StartAt: string; States: Record<string, State> } {
  const [machine] = Object.values(
    template.findResources('AWS::StepFunctions::StateMachine'),
  ) as Array<{
    Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } };
  }>;
  const parts = machine!.Properties.DefinitionString['Fn::Join'][1];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'REF')).join('')) as {
    StartAt: string;
    States: Record<string, State>;
  };
}

const DELETE_STACK = 'arn:REF:states:::aws-sdk:cloudformation:deleteStack';
const TERMINAL = '(end of execution)';

/**
 * The definition as a graph over every state (Map iterations flattened): edges are Next, Choice
 * branches, Default and Catch targets; an iteration's end continues at the Map's Next (and at the
 * next item's first state); a state inside an iteration that can fail without a Catch of its
 * own (Pass, Choice, Wait: a runtime error) fails the Map, so it has the Map's Catch targets.
 */
function graph() {
  const def = definition();
  const states = new Map<string, State>();
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  };
  const walk = (
    block: { StartAt: string; States: Record<string, State> },
    exit: { next: string; catches: string[]; start: string } | undefined,
  ) => {
    for (const [name, s] of Object.entries(block.States)) {
      states.set(name, s);
      const after = s.End ? (exit ? [exit.next, exit.start] : [TERMINAL]) : [];
      for (const to of after) add(name, to);
      // A Map's items are fixed at synth and never empty (asserted below): it continues only
      // through its iterations' ends.
      if (s.Next && !s.ItemProcessor) add(name, s.Next);
      if (s.Default) add(name, s.Default);
      for (const c of s.Choices ?? []) add(name, c.Next);
      for (const c of s.Catch ?? []) add(name, c.Next);
      if (s.Type === 'Fail') {
        if (exit) for (const c of exit.catches) add(name, c);
        else add(name, TERMINAL);
      }
      if (s.Type === 'Succeed') add(name, exit ? exit.next : TERMINAL);
      const handlesAll = (s.Catch ?? []).some((c) => c.ErrorEquals.includes('States.ALL'));
      if (exit && !handlesAll) for (const c of exit.catches) add(name, c);
      if (s.ItemProcessor) {
        add(name, s.ItemProcessor.StartAt);
        walk(s.ItemProcessor, {
          next: s.Next ?? TERMINAL,
          catches: (s.Catch ?? []).map((c) => c.Next),
          start: s.ItemProcessor.StartAt,
        });
      }
    }
  };
  walk(def, undefined);
  // A destroy state: DeleteStack, or a Map whose every iteration starts with one.
  const isDestroy = (name: string): boolean => {
    const s = states.get(name);
    if (s?.Resource === DELETE_STACK) return true;
    const first = s?.ItemProcessor?.States[s.ItemProcessor.StartAt];
    return first?.Resource === DELETE_STACK;
  };
  /** States reachable from `from` without passing a destroy state. */
  const reachWithoutDestroy = (from: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length) {
      const n = todo.pop()!;
      for (const to of edges.get(n) ?? []) {
        if (seen.has(to) || isDestroy(to)) continue;
        seen.add(to);
        todo.push(to);
      }
    }
    return seen;
  };
  return { def, states, edges, isDestroy, reachWithoutDestroy };
}

describe('campaign stack: the nightly state machine', () => {
  const g = graph();
  const deploys = [...g.states]
    .filter(
      ([, s]) =>
        s.Parameters?.['EnvironmentVariablesOverride'] !== undefined &&
        JSON.stringify(s.Parameters).includes('"Value":"deploy"'),
    )
    .map(([n]) => n);

  it('has one deploy step, and destroy states that delete the bed stack', () => {
    expect(deploys).toEqual(['Deploy']);
    expect([...g.states.keys()].filter(g.isDestroy).sort()).toEqual([
      'Destroy',
      'DestroyAllBeds',
      'DestroyBed',
    ]);
    expect(g.states.get('Start')!.Parameters!['bedIds']).toHaveLength(4);
    expect(Object.keys(g.states.get('DestroyAllBeds')!.ItemProcessor!.States)).toEqual([
      'DestroyBed',
      'LeaveBedToSweeper',
    ]);
    expect(g.states.get('Destroy')!.Parameters).toEqual({
      'StackName.$': "States.Format('Testbed-{}', $.item.bedId)",
    });
  });

  it('reaches no end of the execution from a deploy without passing a destroy (every Catch, timeout and Fail path)', () => {
    const reached = g.reachWithoutDestroy('Deploy');
    expect(reached.has(TERMINAL)).toBe(false);
    for (const [name, s] of g.states) {
      if (!reached.has(name)) continue;
      expect([name, s.Type]).not.toEqual([name, 'Fail']);
      expect([name, s.Type]).not.toEqual([name, 'Succeed']);
    }
    // No path from the start to the success end skips a destroy.
    const fromStart = g.reachWithoutDestroy(g.def.StartAt);
    expect(fromStart.has('Deploy')).toBe(true);
    expect(fromStart.has('NightPassed')).toBe(false);
  });

  it('routes every Task after the lock check to a destroy through its Catch, and bounds every Task', () => {
    for (const [name, s] of g.states) {
      if (s.Type !== 'Task') continue;
      expect([name, (s.TimeoutSeconds ?? 0) > 0]).toEqual([name, true]);
      expect([name, (s.Catch ?? []).some((c) => c.ErrorEquals.includes('States.ALL'))]).toEqual([
        name,
        true,
      ]);
    }
    // Inside an iteration every Catch target leads to the Destroy (or, should that Pass state
    // itself fail, through the Map's Catch to DestroyAllBeds).
    for (const name of ['Deploy', 'CheckDone', 'CheckFailed']) {
      for (const c of g.states.get(name)!.Catch!) {
        expect([...(g.edges.get(c.Next) ?? [])].sort()).toEqual([
          'CountDestroyAttempt',
          'DestroyAllBeds',
        ]);
      }
    }
    expect(g.states.get('Runs')!.Catch!.map((c) => c.Next)).toEqual(['DestroyAllBeds']);
  });

  it('bounds the wait for DONE/FAILED by a poll count, and the deletion too', () => {
    const within = g.states.get('WithinRunTimeout?')!;
    // 3 h every 2 min
    expect(within.Choices).toEqual([
      { Variable: '$.counters.polls', NumericGreaterThanEquals: 90, Next: 'RunTimedOut' },
    ]);
    expect(within.Default).toBe('WaitForOutcome');
    expect(g.states.get('WaitForOutcome')).toMatchObject({ Type: 'Wait', Seconds: 120 });
    expect(JSON.stringify(g.states.get('BedDeleted?'))).toContain('"NumericGreaterThanEquals":90');
  });

  it('retries the destroy: the API call with backoff, and DeleteStack again after DELETE_FAILED', () => {
    expect(g.states.get('Destroy')!.Retry).toEqual([
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 20, MaxAttempts: 5, BackoffRate: 2 },
    ]);
    expect(g.states.get('BedDeleted?')!.Choices![1]).toEqual({
      And: [
        { Variable: '$.bed.status', StringEquals: 'DELETE_FAILED' },
        { Variable: '$.counters.attempts', NumericLessThan: 3 },
      ],
      Next: 'CountDestroyAttempt',
    });
  });

  it('ends failed when a run failed, even though its bed was destroyed, and on a regression', () => {
    expect(g.states.get('RunResult')).toMatchObject({
      Choices: [
        {
          And: [
            { Variable: '$.outcome', StringEquals: 'done' },
            { Variable: '$.counters.destroyed', BooleanEquals: true },
          ],
          Next: 'RunOk',
        },
      ],
      Default: 'RunNotOk',
    });
    expect(g.states.get('Verdict')).toMatchObject({
      Choices: [
        { Variable: '$.judge.output', StringEquals: 'regression', Next: 'RegressionFound' },
        { Variable: '$.summary.anyFailed', BooleanEquals: true, Next: 'RunsFailed' },
      ],
      Default: 'NightPassed',
    });
    expect(g.states.get('RunsFailed')!.Type).toBe('Fail');
  });

  it('runs one night at a time: a second execution fails before it deploys anything', () => {
    expect(g.states.get('ListRunningNights')).toMatchObject({
      Resource: 'arn:REF:states:::aws-sdk:sfn:listExecutions',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        StatusFilter: 'RUNNING',
        MaxResults: 2,
      },
    });
    expect(g.states.get('OnlyNight?')!.Choices).toEqual([
      { Variable: '$.lock.running', NumericGreaterThan: 1, Next: 'AnotherNightRunning' },
    ]);
    expect(g.states.get('Runs')!.MaxConcurrency).toBe(1);
    expect(g.reachWithoutDestroy('AnotherNightRunning').size).toBe(1);
  });

  it('runs every cell × repetition, repetition-major, one bed each', () => {
    expect(g.states.get('Start')!.Parameters!['runs']).toEqual([
      { cell: 'ts', repetition: 0, bedId: 'nightly-cloud-0-0' },
      { cell: 'original', repetition: 0, bedId: 'nightly-cloud-1-0' },
      { cell: 'ts', repetition: 1, bedId: 'nightly-cloud-0-1' },
      { cell: 'original', repetition: 1, bedId: 'nightly-cloud-1-1' },
    ]);
  });
});

describe('campaign stack: resources', () => {
  it('starts a night on the spec’s cron in its time zone', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^StateMachine') },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
      }),
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'testbed-campaign-nightly-cloud',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  it('runs the CLI from the bundle in CodeBuild (Node 20, no privileged mode, KMS)', () => {
    const [project] = Object.values(template.findResources('AWS::CodeBuild::Project')) as Array<{
      Properties: { Source: { BuildSpec: string }; Environment: Record<string, unknown> };
    }>;
    expect(project!.Properties.Environment).toMatchObject({
      ComputeType: 'BUILD_GENERAL1_SMALL',
      Image: 'aws/codebuild/standard:7.0',
      PrivilegedMode: false,
      Type: 'LINUX_CONTAINER',
    });
    const spec = JSON.parse(project!.Properties.Source.BuildSpec) as {
      env: unknown;
      phases: { install: { commands: string[] }; build: { commands: string[] } };
    };
    expect(spec.env).toEqual({ shell: 'bash', 'exported-variables': ['TESTBED_STEP_OUTPUT'] });
    expect(spec.phases.install.commands[1]).toBe(
      'aws s3 cp --only-show-errors "s3://$TESTBED_APP_BUCKET/$TESTBED_APP_KEY" /tmp/testbed/app.tar.gz',
    );
    expect(spec.phases.build.commands[0]).toBe(
      'cd /tmp/testbed/app && node bin/testbed campaign cloud-step "$TESTBED_STEP" "$TESTBED_CAMPAIGN_FILE" --output /tmp/testbed/step-output',
    );
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      EncryptionKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      TimeoutInMinutes: 75,
      Environment: Match.objectLike({
        EnvironmentVariables: Match.arrayWith([
          {
            Name: 'TESTBED_CAMPAIGN_FILE',
            Type: 'PLAINTEXT',
            Value: 'examples/campaigns/nightly-cloud.yaml',
          },
          { Name: 'TESTBED_HISTORY_PREFIX', Type: 'PLAINTEXT', Value: 'campaigns' },
        ]),
      }),
    });
  });

  it('notifies an SNS topic encrypted with a rotated KMS key, SSL only', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('keeps the history in the retained results bucket and owns no bucket', () => {
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasOutput('History', Match.objectLike({}));
  });

  it('sweeps expired beds hourly with a Node Lambda', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweeperFunction'), 'Arn'] },
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: { BED_STACK_PREFIX: 'Testbed-', GRACE_MINUTES: '30' } },
    });
  });
});

/** The statements of the default policy of the role whose logical id starts with `rolePrefix`. */
function statements(rolePrefix: string): unknown[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const found = Object.values(policies).filter((p) =>
    JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(
      `"${rolePrefix}`,
    ),
  ) as Array<{ Properties: { PolicyDocument: { Statement: unknown[] } } }>;
  expect(found).toHaveLength(1);
  return found[0]!.Properties.PolicyDocument.Statement;
}

const stackArn = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cloudformation:eu-west-1:',
      { Ref: 'AWS::AccountId' },
      `:stack/${name}`,
    ],
  ],
});

describe('campaign stack: IAM, exactly', () => {
  it('the state machine may list its own executions, poll S3, delete the night’s beds, build, publish', () => {
    const s = statements('StateMachineRole') as Array<{ Action: unknown; Resource: unknown }>;
    const byAction = Object.fromEntries(s.map((x) => [JSON.stringify(x.Action), x.Resource]));
    expect(Object.keys(byAction).sort()).toEqual(
      [
        '"states:ListExecutions"',
        '"s3:ListBucket"',
        '"cloudformation:deleteStack"',
        '"cloudformation:describeStacks"',
        '["codebuild:StartBuild","codebuild:StopBuild","codebuild:BatchGetBuilds","codebuild:BatchGetReports"]',
        '["events:PutTargets","events:PutRule","events:DescribeRule"]',
        '"sns:Publish"',
        '["kms:Decrypt","kms:GenerateDataKey*"]',
        '["logs:CreateLogDelivery","logs:GetLogDelivery","logs:UpdateLogDelivery","logs:DeleteLogDelivery","logs:ListLogDeliveries","logs:PutResourcePolicy","logs:DescribeResourcePolicies","logs:DescribeLogGroups"]',
        '["xray:PutTraceSegments","xray:PutTelemetryRecords","xray:GetSamplingRules","xray:GetSamplingTargets"]',
      ].sort(),
    );
    expect(byAction['"cloudformation:deleteStack"']).toEqual(stackArn('Testbed-nightly-cloud-*/*'));
    expect(byAction['"cloudformation:describeStacks"']).toEqual(
      stackArn('Testbed-nightly-cloud-*/*'),
    );
    expect(JSON.stringify(byAction['"states:ListExecutions"'])).toContain(
      ':stateMachine:testbed-campaign-nightly-cloud',
    );
  });

  it('the runner assumes only the CDK deploy and publishing roles and describes only its beds', () => {
    const s = statements('RunnerProjectRole') as Array<{ Action: unknown; Resource: unknown }>;
    const assume = s.find((x) => x.Action === 'sts:AssumeRole')!;
    expect(JSON.stringify(assume.Resource)).toMatch(
      /role\/cdk-hnb659fds-deploy-role-.*role\/cdk-hnb659fds-file-publishing-role-/,
    );
    expect(s.find((x) => JSON.stringify(x.Action).includes('cloudformation'))).toEqual({
      Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'],
      Effect: 'Allow',
      Resource: stackArn('Testbed-nightly-cloud-*/*'),
    });
    const text = JSON.stringify(s);
    expect(text).toContain('/campaigns/nightly-cloud/*');
    expect(text).toContain('/beds/nightly-cloud-*');
    expect(text).not.toMatch(/cloudformation:(Create|Update|Delete)/);
    expect(text).not.toMatch(/"Resource":"\*"/);
  });

  it('the sweeper lists stacks and describes and deletes only Testbed-* stacks', () => {
    const s = statements('SweeperRole') as Array<{ Action: unknown; Resource: unknown }>;
    expect(s.filter((x) => JSON.stringify(x.Action).includes('cloudformation'))).toEqual([
      { Action: 'cloudformation:ListStacks', Effect: 'Allow', Resource: '*' },
      {
        Action: ['cloudformation:DescribeStacks', 'cloudformation:DeleteStack'],
        Effect: 'Allow',
        Resource: stackArn('Testbed-*/*'),
      },
    ]);
  });
});

describe('campaign stack: cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});

describe('campaign stack: bad props fail before synth', () => {
  function expectError(fn: () => unknown, message: RegExp): void {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CloudBedError);
    expect(cliExitCode(error)).toBe(2);
    expect((error as CloudBedError).message).toMatch(message);
    expect((error as CloudBedError).hint).toBeTruthy();
  }

  it('fails if the campaign has no schedule', () => {
    expectError(() => synth({ schedule: undefined as never }), /has no `schedule`/);
  });

  it('fails if the night would overflow the execution history', () => {
    expectError(
      () => synth({ cells: Array.from({ length: 20 }, (_, i) => `c${i}`), repetitions: 5 }),
      /runTimeout is "3 hours"; 100 runs polled every 2 minutes would need about \d+ execution history events/,
    );
  });

  it('fails if the campaign name is not a bed id prefix', () => {
    expectError(() => synth({ name: 'Nightly-Cloud' }), /campaignName is "Nightly-Cloud"/);
  });

  it('fails if there are no cells', () => {
    expectError(() => synth({ cells: [] }), /cells is 0; a campaign has 1 to 50 cells/);
  });
});

describe('the app entry with -c campaign=', () => {
  const root = path.resolve(__dirname, '../../..');
  const examples = readdirSync(path.join(root, 'examples/campaigns')).filter((f) =>
    f.endsWith('.yaml'),
  );

  it.each(examples)('synthesizes %s offline into the results and campaign stacks', (file) => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'testbed-cdkout-'));
    const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['bin/cdk.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({
          campaign: `examples/campaigns/${file}`,
          bundleDir: fakeBundleDir(),
        }),
        CDK_OUTDIR: out,
      },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const name = file.replace(/\.yaml$/, '');
    const t = JSON.parse(
      readFileSync(path.join(out, `TestbedCampaign-${name}.template.json`), 'utf8'),
    ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const schedules = Object.values(t.Resources).filter(
      (x) => x.Type === 'AWS::Scheduler::Schedule',
    );
    expect(schedules.map((s) => s.Properties.ScheduleExpressionTimezone)).toContain(
      'Europe/Berlin',
    );
  });
});
