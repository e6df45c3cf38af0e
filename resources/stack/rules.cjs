'use strict';

/**
 * The rules of shared/rules (ARN shapes and their parsers), written once in TypeScript for the
 * functions and the stack alike, loaded here through tsx: `sls` runs with the project's dev
 * dependencies installed, and the framework's Node process cannot load TypeScript by itself.
 */
const { require: requireTs } = require('tsx/cjs/api');

module.exports = requireTs('../../shared/rules/index.ts', __filename);
