export { EnvReader, type ReaderWording } from './env';
export { ConfigError } from './errors';
