import { describe, expect, it } from 'vitest';
import { awsLimit } from '../support/aws-fixtures';
import { render, resource, resourcesOfType, template } from './support/template';
import { VARIANT_NAMES } from './support/variants';

describe('the buckets', () => {
  it.each(['TicksBucket', 'FailedBatchesBucket'])(
    '%s blocks public access, encrypts by default and owns its objects',
    (id) => {
      const bucket = resource(template('msk'), id).Properties;

      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ]);
      expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    },
  );

  it.each(['TicksBucket', 'FailedBatchesBucket'])(
    '%s denies any request without TLS (1.2 or later)',
    (id) => {
      const policy = resource(template('msk'), `${id}Policy`).Properties;

      expect(policy.Bucket).toEqual({ Ref: id });
      const [insecure, oldTls] = policy.PolicyDocument.Statement;
      for (const statement of [insecure, oldTls]) {
        expect(statement).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*' });
        expect(statement.Resource.map(render)).toEqual([`\${${id}.Arn}`, `\${${id}.Arn}/*`]);
      }
      expect(insecure.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
      expect(oldTls.Condition).toEqual({ NumericLessThan: { 's3:TlsVersion': '1.2' } });
    },
  );

  it('expires quarantined records, Athena results and failed batches, and aborts stale uploads', () => {
    const rules = (id: string) => resource(template('msk'), id).Properties.LifecycleConfiguration.Rules;

    expect(rules('TicksBucket')).toEqual([
      { Id: 'expire-quarantine', Status: 'Enabled', Prefix: 'quarantine/', ExpirationInDays: 90 },
      { Id: 'expire-athena-results', Status: 'Enabled', Prefix: 'athena-results/', ExpirationInDays: 7 },
      {
        Id: 'abort-incomplete-multipart-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
    expect(rules('FailedBatchesBucket')[0]).toEqual({
      Id: 'expire-failed-batches',
      Status: 'Enabled',
      ExpirationInDays: 30,
    });
    // Ticks themselves are kept: they are the data set.
    expect(JSON.stringify(rules('TicksBucket'))).not.toContain('"ticks/"');
  });
});

describe('operations', () => {
  const alarm = (id: string) => resource(template('msk'), id).Properties;

  it('alarms on sink errors, producer errors, consumer lag and a stalled pipeline, to one topic', () => {
    expect(alarm('SinkErrorsAlarm')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'SinkTicksLambdaFunction' } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(alarm('ProducerErrorsAlarm')).toMatchObject({
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'ProduceTicksLambdaFunction' } }],
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(alarm('SinkOffsetLagAlarm')).toMatchObject({
      MetricName: 'OffsetLag',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'SinkTicksLambdaFunction' } }],
      Threshold: 20000,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(alarm('PipelineStalledAlarm')).toMatchObject({
      MetricName: 'Invocations',
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
  });

  it('alarms on freshness, the age of the newest tick written, from the functions own metrics', () => {
    const t = template('msk');
    const namespace =
      t.Resources.SinkTicksLambdaFunction!.Properties!.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE;
    expect(namespace).toBe('stock-ticks-test');
    expect(alarm('FreshnessAlarm')).toMatchObject({
      Namespace: namespace,
      MetricName: 'FreshnessSeconds',
      Dimensions: [{ Name: 'service', Value: 'sink-ticks' }],
      Statistic: 'Minimum',
      Threshold: 900,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    // Both functions write to that namespace.
    expect(
      t.Resources.ProduceTicksLambdaFunction!.Properties!.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE,
    ).toBe(namespace);
  });

  it('compacts once a day, an hour after midnight UTC, and alarms when a compaction fails', () => {
    const t = template('msk');
    const [, rule] = resourcesOfType(t, 'AWS::Events::Rule').find(([id]) => id.startsWith('CompactTicks'))!;
    expect(rule.Properties.ScheduleExpression).toBe('cron(0 1 * * ? *)');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(render(rule.Properties.Targets[0].Arn)).toBe('${CompactTicksLambdaFunction.Arn}');
    expect(alarm('CompactionErrorsAlarm')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'CompactTicksLambdaFunction' } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    const env = t.Resources.CompactTicksLambdaFunction!.Properties!.Environment.Variables;
    expect(env).toMatchObject({
      TICKS_PREFIX: 'ticks/',
      QUARANTINE_PREFIX: 'quarantine/',
      SEALS_PREFIX: 'seals/',
      KAFKA_TOPIC: 'ticks',
      COMPACTION_LOOKBACK_DAYS: '3',
      COMPACTION_GRACE_MINUTES: '60',
    });
  });

  it('alarms when two daily compactions in a row leave a day unsealed', () => {
    const t = template('msk');
    const namespace =
      t.Resources.CompactTicksLambdaFunction!.Properties!.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE;
    expect(namespace).toBe('stock-ticks-test');
    const unsealed = alarm('UnsealedDaysAlarm');
    expect(unsealed).toMatchObject({
      Namespace: namespace,
      MetricName: 'DaysUnsealed',
      Dimensions: [{ Name: 'service', Value: 'compact-ticks' }],
      Statistic: 'Minimum',
      Period: 86_400,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    // PutMetricAlarm caps Period × EvaluationPeriods (test/fixtures/aws/limits.json).
    expect(unsealed.Period * unsealed.EvaluationPeriods).toBeLessThanOrEqual(
      awsLimit('cloudwatch-alarm-evaluation-range-seconds').max!,
    );
  });

  it('has a dashboard of ticks, freshness, lag, errors and what is written', () => {
    const body = resource(template('ec2'), 'Dashboard').Properties!.DashboardBody['Fn::Sub'] as string;
    const widgets = (
      JSON.parse(body) as { widgets: { properties: { title: string; metrics: unknown[][] } }[] }
    ).widgets;
    expect(widgets.map((w) => w.properties.title)).toEqual([
      'Ticks (sum per 5 min)',
      'Freshness: now minus the newest tick written (s)',
      'Consumer lag (records)',
      'Errors',
      'Written to S3',
      'Compaction (daily)',
    ]);
    const metrics = widgets.flatMap((w) => w.properties.metrics.map((m) => `${m[0]}/${m[1]}`));
    expect(metrics).toEqual(
      expect.arrayContaining([
        'stock-ticks-test/TicksProduced',
        'stock-ticks-test/TicksSunk',
        'stock-ticks-test/TicksQuarantined',
        'stock-ticks-test/FreshnessSeconds',
        'AWS/Lambda/OffsetLag',
        'AWS/Lambda/Errors',
        'stock-ticks-test/BytesWritten',
        'stock-ticks-test/CompactionInputFiles',
        'stock-ticks-test/DaysSealed',
        'stock-ticks-test/DaysUnsealed',
        'stock-ticks-test/CompactionDaysFailed',
      ]),
    );
    expect(body).toContain('"FunctionName","${SinkTicksLambdaFunction}"');
  });

  it('subscribes an e-mail address to the alarms only when alarmEmail is set', () => {
    expect(resource(template('create'), 'AlarmEmailSubscription').Properties).toEqual({
      TopicArn: { Ref: 'AlarmTopic' },
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    expect(resourcesOfType(template('msk'), 'AWS::SNS::Subscription')).toEqual([]);
  });

  it.each(VARIANT_NAMES)(
    '%s: every function logs JSON at the configured level into a log group with retention',
    (name) => {
      const t = template(name);
      for (const [id, fn] of resourcesOfType(t, 'AWS::Lambda::Function')) {
        expect(fn.Properties.LoggingConfig, id).toMatchObject({ LogFormat: 'JSON' });
      }
      for (const [id, group] of resourcesOfType(t, 'AWS::Logs::LogGroup')) {
        expect(group.Properties.RetentionInDays, id).toBe(14);
      }
      // Every function's log group is declared (with retention), none is left for Lambda to create.
      expect(resourcesOfType(t, 'AWS::Logs::LogGroup')).toHaveLength(
        resourcesOfType(t, 'AWS::Lambda::Function').length,
      );
    },
  );
});
