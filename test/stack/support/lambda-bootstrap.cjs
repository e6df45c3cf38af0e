'use strict';
// Runs one packaged handler the way the nodejs22.x runtime does: load the module named by the
// handler setting from LAMBDA_TASK_ROOT (its module scope is the cold start), call the exported
// function with the event and a context object, and report the outcome. Started by
// lambda-runtime.ts with the Lambda runtime's Node.js; reads its job from a JSON file.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const report = (outcome) => {
  writeFileSync(job.resultFile, JSON.stringify(outcome));
  // Lambda freezes the environment after the answer; open sockets must not keep this one alive.
  process.exit(0);
};
const describe = (error) => ({
  name: error?.name,
  message: String(error?.message),
  stack: String(error?.stack),
});

const [file, exportName] = [job.handler.slice(0, job.handler.lastIndexOf('.')), job.handler.split('.').pop()];
let handler;
try {
  handler = require(join(process.env.LAMBDA_TASK_ROOT, `${file}.js`))[exportName];
  if (typeof handler !== 'function') throw new Error(`${job.handler} does not export a function`);
} catch (error) {
  report({ phase: 'init', ok: false, error: describe(error) });
}

const deadline = Date.now() + job.timeoutMs;
// The fields Lambda's Node.js context object carries (Lambda Developer Guide, "Using the Lambda
// context object to retrieve Node.js function information").
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  invokedFunctionArn: job.invokedFunctionArn,
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  awsRequestId: job.requestId,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};
const timer = setTimeout(
  () =>
    report({
      phase: 'invoke',
      ok: false,
      error: { name: 'TimeoutError', message: `Task timed out after ${job.timeoutMs} ms` },
    }),
  job.timeoutMs,
);
Promise.resolve()
  .then(() => handler(job.event, context))
  .then(
    (result) => {
      clearTimeout(timer);
      report({ phase: 'invoke', ok: true, result: result === undefined ? null : result });
    },
    (error) => {
      clearTimeout(timer);
      report({ phase: 'invoke', ok: false, error: describe(error) });
    },
  );
