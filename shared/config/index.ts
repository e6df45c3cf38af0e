export { EnvReader } from './env';
export { ConfigError } from './errors';
