'use strict';
// serverless.yml: custom.stack: ${file(resources/stack/config.cjs):stack}
// The stack is TypeScript (index.ts); the framework loads only JavaScript, so tsx (a dev
// dependency, installed wherever `sls` runs from this project) compiles it as it is loaded.
const { require: requireTs } = require('tsx/cjs/api');

module.exports = requireTs('./index.ts', __filename);
