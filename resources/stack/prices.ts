/**
 * The AWS prices the cost estimate (cost.ts) uses, as data: each with its unit, its region, the
 * page it comes from, how sure we are of it and when it was checked.
 *
 * `confidence: 'aws'` means the figure was read on an AWS page (aws.amazon.com, docs.aws.amazon.com
 * or an AWS blog) when it was checked; `'secondary'` means it comes from elsewhere (a third-party
 * copy or summary of the AWS page, or the project's own notes) and `source` names the AWS page to
 * check it against. Most AWS pricing pages fill their tables in the browser, so their stored text
 * often holds the billing rules but not the numbers; `note` says what was seen where.
 *
 * Only us-east-1 is priced: other regions differ by a few percent to a third, and the estimate
 * says so rather than guess.
 */

export const PRICE_REGION = 'us-east-1';
export const PRICES_CHECKED = '2026-12-01';

export type Confidence = 'aws' | 'secondary';

export interface Price {
  /** US dollars per `unit`, On-Demand, before free tier and taxes. */
  readonly usd: number;
  readonly unit: string;
  readonly region: typeof PRICE_REGION;
  /** The AWS page (or AWS blog or documentation page) the figure is from or is to be checked on. */
  readonly source: string;
  readonly confidence: Confidence;
  readonly checked: typeof PRICES_CHECKED;
  /** What the source showed, or where the figure was seen instead. */
  readonly note: string;
}

const price = (usd: number, unit: string, source: string, confidence: Confidence, note: string): Price => ({
  usd,
  unit,
  region: PRICE_REGION,
  source,
  confidence,
  checked: PRICES_CHECKED,
  note,
});

const MSK_PRICING = 'https://aws.amazon.com/msk/pricing/';
const EC2_ON_DEMAND_PRICING = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const LAMBDA_PRICING = 'https://aws.amazon.com/lambda/pricing/';
const S3_PRICING = 'https://aws.amazon.com/s3/pricing/';
const PRIVATELINK_PRICING = 'https://aws.amazon.com/privatelink/pricing/';
const SECRETS_MANAGER_PRICING = 'https://aws.amazon.com/secrets-manager/pricing/';

const MSK_NOTE =
  'MSK Serverless table seen only in a third-party copy (gist EverettBerry/d24aa940…, Oct 2022); facts.md marks it secondary';
const EC2_NOTE =
  "AWS's published Linux On-Demand rate; the AWS page renders its table in the browser, not confirmed";

/**
 * The EC2 instance types the ec2 Kafka mode offers, smallest first (Graviton, burstable): those
 * with the memory for a broker (ec2-broker.ts BROKER_INSTANCE_TYPES, held equal by a test).
 */
export const EC2_INSTANCE_TYPES = ['t4g.small', 't4g.medium', 't4g.large'] as const;
export type Ec2InstanceType = (typeof EC2_INSTANCE_TYPES)[number];

/** On-Demand Linux hourly rates of EC2_INSTANCE_TYPES. */
export const EC2_ON_DEMAND_HOURLY: Readonly<Record<Ec2InstanceType, Price>> = {
  't4g.small': price(0.0168, 'instance-hour', EC2_ON_DEMAND_PRICING, 'secondary', `${EC2_NOTE}; facts.md`),
  't4g.medium': price(0.0336, 'instance-hour', EC2_ON_DEMAND_PRICING, 'secondary', EC2_NOTE),
  't4g.large': price(0.0672, 'instance-hour', EC2_ON_DEMAND_PRICING, 'secondary', EC2_NOTE),
};

/** Every other price the estimate uses, or that a reader comparing designs will want beside them. */
export const PRICES = {
  mskServerlessClusterHour: price(0.75, 'cluster-hour', MSK_PRICING, 'secondary', MSK_NOTE),
  mskServerlessPartitionHour: price(0.0015, 'partition-hour', MSK_PRICING, 'secondary', MSK_NOTE),
  mskServerlessDataIn: price(0.1, 'GB written', MSK_PRICING, 'secondary', MSK_NOTE),
  mskServerlessDataOut: price(0.05, 'GB read', MSK_PRICING, 'secondary', MSK_NOTE),

  publicIpv4Hour: price(
    0.005,
    'public IPv4 address-hour (Elastic IP included)',
    'https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/',
    'secondary',
    'Effective 2024-02-01 (AWS News Blog); the figure seen only in reports quoting that post; the VPC pricing page (Public IPv4 Address tab) is where AWS keeps it now',
  ),
  ebsGp3GbMonth: price(
    0.08,
    'GB-month of gp3 volume',
    'https://aws.amazon.com/ebs/pricing/',
    'secondary',
    'Includes 3,000 IOPS and 125 MB/s; the AWS page renders its table in the browser, not confirmed',
  ),
  interfaceEndpointAzHour: price(
    0.01,
    'interface endpoint-hour per AZ',
    PRIVATELINK_PRICING,
    'secondary',
    'The AWS page confirms billing per endpoint per AZ per hour; the rate itself from facts.md and third-party summaries',
  ),
  interfaceEndpointGb: price(
    0.01,
    'GB processed (first PB a month)',
    PRIVATELINK_PRICING,
    'secondary',
    "Read in a copy of the AWS page's interface endpoint tier table (first 1 PB $0.01/GB), not on aws.amazon.com itself",
  ),
  natGatewayHour: price(
    0.045,
    'NAT gateway-hour',
    'https://aws.amazon.com/vpc/pricing/',
    'secondary',
    'Not used by the stack (it uses endpoints instead); kept for comparison. facts.md marks it secondary',
  ),
  natGatewayGb: price(
    0.045,
    'GB processed',
    'https://aws.amazon.com/vpc/pricing/',
    'secondary',
    'Not used by the stack; kept for comparison. facts.md marks it secondary',
  ),
  secretMonth: price(
    0.4,
    'secret-month',
    SECRETS_MANAGER_PRICING,
    'secondary',
    "Seen in a transcription of the AWS page's pricing examples (api-evangelist), not on the page itself",
  ),
  secretsApiCalls10k: price(
    0.05,
    '10,000 API calls',
    SECRETS_MANAGER_PRICING,
    'secondary',
    "Seen in a transcription of the AWS page's pricing examples (api-evangelist), not on the page itself",
  ),
  lambdaArmGbSecond: price(
    0.0000133334,
    'GB-second (arm64, first 7.5 billion GB-s a month)',
    LAMBDA_PRICING,
    'secondary',
    'The tier boundaries are on the AWS Compute Blog (introducing tiered pricing); the rate from facts.md and third-party summaries',
  ),
  lambdaRequestsMillion: price(
    0.2,
    'million requests',
    LAMBDA_PRICING,
    'aws',
    'The AWS page\'s example: "The monthly request price is $0.20 per 1 million requests"',
  ),
  esmProvisionedPollerHour: price(
    0.185,
    'provisioned event poller-hour (Kafka event source mapping)',
    LAMBDA_PRICING,
    'secondary',
    'facts.md, from the Lambda docs (kafka-scaling-modes), which send pricing to the Lambda pricing page; the figure not found there',
  ),
  s3StandardGbMonth: price(
    0.023,
    'GB-month (S3 Standard, first 50 TB)',
    S3_PRICING,
    'secondary',
    'The AWS page renders its table in the browser; the figure from facts.md and third-party summaries',
  ),
  s3Put1000: price(
    0.005,
    '1,000 PUT, COPY, POST or LIST requests (S3 Standard)',
    S3_PRICING,
    'secondary',
    'The AWS page renders its table in the browser; the figure from facts.md and third-party summaries',
  ),
  s3Get1000: price(
    0.0004,
    '1,000 GET, SELECT and all other requests (S3 Standard)',
    S3_PRICING,
    'secondary',
    'The AWS page renders its table in the browser; the figure from facts.md and third-party summaries',
  ),
  cloudwatchAlarmMonth: price(
    0.1,
    'standard-resolution alarm-month',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'secondary',
    'Seen only in third-party summaries of the AWS page',
  ),
  athenaTbScanned: price(
    5,
    'TB scanned (10 MB minimum per query)',
    'https://aws.amazon.com/athena/pricing/',
    'secondary',
    'Seen only in third-party summaries of the AWS page; the stack caps bytes scanned per query',
  ),
} as const satisfies Record<string, Price>;
