import { describe, expect, it } from 'vitest';
import { commonEnvSpecs } from './common.js';
import { ConfigError } from './config-error.js';
import { ProblemList, parseEnv } from './env.js';
import { absolutePath, flag, hostList, int, nonEmpty, oneOf, secondsAsMs, tcpPort } from './validators.js';

const specs = {
  REPLICA: int(2, 3)({ default: 2, example: '3' }),
  PORT: tcpPort({ default: 80, example: '8080' }),
  BRICK: absolutePath({ default: '/gluster_volume', example: '/bricks/b1' }),
  PEER: nonEmpty({ desc: 'peer to join', example: 'gluster01' }),
  MODE: oneOf(['a', 'b'] as const)({ default: 'a' }),
  VERBOSE: flag({ default: false }),
  TIMEOUT: secondsAsMs(0.1, 60)({ default: 5_000 }),
};

function problemsOf(env: NodeJS.ProcessEnv) {
  try {
    parseEnv(specs, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('applies defaults and returns frozen typed values', () => {
    const env = parseEnv(specs, { PEER: 'gluster01' });
    expect(env).toEqual({
      REPLICA: 2,
      PORT: 80,
      BRICK: '/gluster_volume',
      PEER: 'gluster01',
      MODE: 'a',
      VERBOSE: false,
      TIMEOUT: 5_000,
    });
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('parses given values', () => {
    const env = parseEnv(specs, {
      REPLICA: '3',
      PORT: '8080',
      BRICK: '/data/brick/',
      PEER: ' g2 ',
      MODE: 'B',
      VERBOSE: 'yes',
      TIMEOUT: '1.5',
    });
    expect(env).toMatchObject({
      REPLICA: 3,
      PORT: 8080,
      BRICK: '/data/brick',
      PEER: 'g2',
      MODE: 'b',
      VERBOSE: true,
      TIMEOUT: 1500,
    });
  });

  it('reports every invalid variable at once, each with its value, the rule and an example', () => {
    const error = problemsOf({
      REPLICA: 'two',
      PORT: '70000',
      BRICK: 'relative/path',
      MODE: 'c',
      VERBOSE: 'maybe',
      TIMEOUT: '-1',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'BRICK',
      'MODE',
      'PEER',
      'PORT',
      'REPLICA',
      'TIMEOUT',
      'VERBOSE',
    ]);
    expect(error.message).toContain('7 problems');
    expect(error.message).toContain(
      'REPLICA ("two"): must be a whole number from 2 to 3. Example: REPLICA=3',
    );
    expect(error.message).toContain('PORT ("70000"): must be from 1 to 65535');
    expect(error.message).toContain('BRICK ("relative/path"): must be an absolute path');
    expect(error.message).toContain('PEER (unset): is required (peer to join). Example: PEER=gluster01');
    expect(error.message).toContain('MODE ("c"): must be one of: a, b');
    expect(error.message).toContain('VERBOSE ("maybe"): must be 1/true/yes/on or 0/false/no/off');
    expect(error.message).toContain('TIMEOUT ("-1"): must be from 0.1 to 60 seconds');
    expect(error.code).toBe('GA_CONFIG_INVALID');
  });

  it("treats the seed's **ChangeMe** placeholder and empty values as unset", () => {
    expect(problemsOf({ PEER: '**ChangeMe**' }).problems[0]).toMatchObject({
      variable: 'PEER',
      message: expect.stringContaining('required'),
    });
    expect(parseEnv(specs, { PEER: 'x', REPLICA: '' }).REPLICA).toBe(2);
  });

  it('reads the common agent variables with their defaults', () => {
    expect(parseEnv(commonEnvSpecs, {})).toEqual({
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'auto',
      DEBUG: false,
      HEALTH_PORT: 8080,
    });
    expect(parseEnv(commonEnvSpecs, { DEBUG: '1', HEALTH_PORT: '0' })).toMatchObject({
      DEBUG: true,
      HEALTH_PORT: 0,
    });
  });
});

describe('hostList', () => {
  const peers = { PEERS: hostList({ default: undefined, example: 'gluster01,gluster02' }) };

  it('splits a comma-separated list and trims each host', () => {
    expect(parseEnv(peers, { PEERS: 'gluster01, 10.0.0.2 ,gluster02.example' }).PEERS).toEqual([
      'gluster01',
      '10.0.0.2',
      'gluster02.example',
    ]);
  });

  it('rejects empty entries and characters no host name has', () => {
    expect(() => parseEnv(peers, { PEERS: 'gluster01,,gluster02' })).toThrow(/no empty entries/);
    expect(() => parseEnv(peers, { PEERS: 'gluster01;rm -rf' })).toThrow(
      /"gluster01;rm -rf" is not a host name/,
    );
  });
});

describe('ProblemList', () => {
  it('throws all cross-variable problems together and nothing when there are none', () => {
    const list = new ProblemList();
    list.throwIfAny();
    list.add({ variable: 'GLUSTER_REPLICA', value: '3', message: 'needs 3 nodes but 2 are configured' });
    list.add({ variable: 'GLUSTER_PEER', value: 'a', message: 'lists too few peers' });
    expect(() => list.throwIfAny()).toThrow(/2 problems[\s\S]*GLUSTER_REPLICA[\s\S]*GLUSTER_PEER/);
  });
});
