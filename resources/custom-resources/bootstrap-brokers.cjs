'use strict';
// CloudFormation custom resource `Custom::MskBootstrapBrokers` (kafkaMode=create): answers the IAM
// bootstrap brokers of the MSK Serverless cluster, which CloudFormation does not return for one.
// Deployed inline (Code.ZipFile, at most 4 KB) on nodejs22.x, whose AWS SDK v3 it uses, so it has
// no bundle and no dependency. It answers CloudFormation itself and always answers, so a failure
// fails the deployment at once.
const https = require('node:https');
const { KafkaClient, GetBootstrapBrokersCommand } = require('@aws-sdk/client-kafka');

function respond(event, context, status, data, reason) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason || `See CloudWatch log stream ${context.logStreamName}`,
    PhysicalResourceId: event.ResourceProperties.ClusterArn,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  return new Promise((resolve) => {
    // The pre-signed URL is signed for an empty content type.
    const headers = { 'content-type': '', 'content-length': Buffer.byteLength(body) };
    const request = https.request(event.ResponseURL, { method: 'PUT', headers }, (res) => {
      console.log('CloudFormation answered', res.statusCode);
      res.resume();
      res.on('end', resolve);
    });
    request.on('error', (error) => {
      console.error('Cannot answer CloudFormation', error);
      resolve();
    });
    request.end(body);
  });
}

exports.handler = async (event, context) => {
  console.log(JSON.stringify({ RequestType: event.RequestType, LogicalResourceId: event.LogicalResourceId }));
  if (event.RequestType === 'Delete') return respond(event, context, 'SUCCESS', {});
  try {
    const out = await new KafkaClient({}).send(
      new GetBootstrapBrokersCommand({ ClusterArn: event.ResourceProperties.ClusterArn }),
    );
    if (!out.BootstrapBrokerStringSaslIam) throw new Error('The cluster has no IAM bootstrap brokers');
    return respond(event, context, 'SUCCESS', { SaslIam: out.BootstrapBrokerStringSaslIam });
  } catch (error) {
    console.error(error);
    return respond(event, context, 'FAILED', {}, String(error?.message).slice(0, 400));
  }
};
