/**
 * The CloudWatch dashboard of a stage: the functions' own metrics (EMF, shared/metrics) beside
 * Lambda's, one row per question an operator asks: are ticks flowing, how far behind is the
 * table, is anything failing, what is being written.
 */
import { METRIC_NAMES } from '../../shared/metrics';
import type { Cfn } from './types';

type MetricLine = (string | Record<string, unknown>)[];

const widget = (
  title: string,
  metrics: MetricLine[],
  stat: string,
  position: { x: number; y: number },
  extra: Record<string, unknown> = {},
) => ({
  type: 'metric',
  ...position,
  width: 12,
  height: 6,
  properties: { title, region: '${AWS::Region}', stat, period: 300, view: 'timeSeries', metrics, ...extra },
});

/** The dashboard's body, as the Fn::Sub that resolves the function names and the region. */
export function dashboardBody(options: { namespace: string; freshnessAlarmSeconds: number }): Cfn {
  const own = (name: string, service: string, more: Record<string, unknown> = {}): MetricLine => [
    options.namespace,
    name,
    'service',
    service,
    ...(Object.keys(more).length > 0 ? [more] : []),
  ];
  const lambda = (metric: string, fn: string): MetricLine => [
    'AWS/Lambda',
    metric,
    'FunctionName',
    `\${${fn}}`,
  ];
  const body = {
    widgets: [
      widget(
        'Ticks (sum per 5 min)',
        [
          own(METRIC_NAMES.ticksProduced, 'produce-ticks'),
          own(METRIC_NAMES.ticksSunk, 'sink-ticks'),
          own(METRIC_NAMES.ticksQuarantined, 'sink-ticks'),
        ],
        'Sum',
        { x: 0, y: 0 },
      ),
      widget(
        'Freshness: now minus the newest tick written (s)',
        [
          own(METRIC_NAMES.freshness, 'sink-ticks', { stat: 'Minimum', label: 'freshest batch' }),
          own(METRIC_NAMES.freshness, 'sink-ticks', { stat: 'Maximum', label: 'stalest batch' }),
        ],
        'Minimum',
        { x: 12, y: 0 },
        {
          annotations: {
            horizontal: [{ label: 'freshness alarm', value: options.freshnessAlarmSeconds }],
          },
        },
      ),
      widget('Consumer lag (records)', [lambda('OffsetLag', 'SinkTicksLambdaFunction')], 'Maximum', {
        x: 0,
        y: 6,
      }),
      widget(
        'Errors',
        [
          lambda('Errors', 'ProduceTicksLambdaFunction'),
          lambda('Errors', 'SinkTicksLambdaFunction'),
          lambda('Errors', 'CompactTicksLambdaFunction'),
        ],
        'Sum',
        { x: 12, y: 6 },
      ),
      widget(
        'Written to S3',
        [
          own(METRIC_NAMES.objectsWritten, 'sink-ticks'),
          own(METRIC_NAMES.bytesWritten, 'sink-ticks', { yAxis: 'right' }),
        ],
        'Sum',
        { x: 0, y: 12 },
      ),
      widget(
        'Compaction (daily)',
        [
          own(METRIC_NAMES.compactedPartitions, 'compact-ticks'),
          own(METRIC_NAMES.compactionInputFiles, 'compact-ticks'),
          own(METRIC_NAMES.compactionOutputFiles, 'compact-ticks'),
          own(METRIC_NAMES.daysSealed, 'compact-ticks'),
          own(METRIC_NAMES.daysUnsealed, 'compact-ticks'),
          own(METRIC_NAMES.daysFailed, 'compact-ticks'),
          own(METRIC_NAMES.compactionBytesBefore, 'compact-ticks', { yAxis: 'right' }),
          own(METRIC_NAMES.compactionBytesAfter, 'compact-ticks', { yAxis: 'right' }),
        ],
        'Sum',
        { x: 12, y: 12 },
        { period: 86_400 },
      ),
    ],
  };
  return { 'Fn::Sub': JSON.stringify(body) };
}
