'use strict';
// serverless.yml: plugins: ./resources/stack/plugin.cjs (the plugin is plugin.ts, loaded through tsx).
const { require: requireTs } = require('tsx/cjs/api');

module.exports = requireTs('./plugin.ts', __filename).StackPlugin;
