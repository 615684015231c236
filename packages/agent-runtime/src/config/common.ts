import { flag, oneOf, optionalPort } from './validators.js';

/**
 * Variables every agent reads. Defaults live here, each with its reason.
 * DEBUG=1 is the seed's switch ("set -x"); here it turns on debug logs.
 */
export const commonEnvSpecs = {
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const)({
    default: 'info',
    desc: 'log level',
    example: 'debug',
  }),
  LOG_FORMAT: oneOf(['auto', 'json', 'pretty'] as const)({
    // auto: JSON in containers (machines read it), pretty on a terminal (people read it).
    default: 'auto',
    desc: 'log line format',
    example: 'pretty',
  }),
  DEBUG: flag({ default: false, desc: 'seed-compatible switch for debug logs', example: '1' }),
  HEALTH_PORT: optionalPort({
    // 8080 is what orchestrators and our Docker HEALTHCHECKs probe; 0 turns the server off.
    default: 8080,
    desc: 'port of the health/metrics HTTP server (0 = off)',
    example: '8080',
  }),
};
