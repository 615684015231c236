import { describe, expect, it } from 'vitest';
import { fixture, fixtureMeta } from '../../test/gluster-fixtures.js';
import { GlusterCliError } from './errors.js';
import { expectSuccess, parseEnvelope } from './xml.js';

const ARGS = ['--mode=script', '--xml', 'volume', 'info'];

function caught(fn: () => unknown): GlusterCliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GlusterCliError) return error;
    throw error;
  }
  throw new Error('expected a GlusterCliError');
}

describe('parseEnvelope', () => {
  it('reads opRet, opErrno, an empty opErrstr and the output of a successful answer', () => {
    const envelope = parseEnvelope(fixture('peer-probe-success'), ARGS);
    expect(envelope).toMatchObject({ opRet: 0, opErrno: 0, opErrstr: '', output: 'success' });
  });

  it('reads a failure envelope without throwing, keeping the multi-line opErrstr', () => {
    const envelope = parseEnvelope(fixture('volume-set-unknown-option'), ARGS);
    expect(envelope.opRet).toBe(-1);
    expect(envelope.opErrno).toBe(30800);
    expect(envelope.opErrstr).toBe(
      'option : network.no-such-option does not exist\nDid you mean network.compression?',
    );
  });

  it('reads the envelope when <healInfo> comes before <opRet>', () => {
    const envelope = parseEnvelope(fixture('heal-info-summary-not-started'), ARGS);
    expect(envelope).toMatchObject({
      opRet: -1,
      opErrno: 5,
      opErrstr: 'gv2: Not able to fetch volfile from glusterd',
    });
  });

  it('maps the plain-text "Connection failed" answer of a stopped glusterd to GA_GLUSTERD_UNREACHABLE', () => {
    const meta = fixtureMeta('glusterd-down-volume-info');
    const error = caught(() => parseEnvelope(fixture('glusterd-down-volume-info'), meta.args));
    expect(error.code).toBe('GA_GLUSTERD_UNREACHABLE');
    expect(error.exitCode).toBe(1);
    expect(error.args).toEqual(meta.args);
    expect(error.message).toContain('`gluster volume info`');
    expect(error.message).toContain('Connection failed');
  });

  it('maps an unreachable message printed on stderr with empty stdout to GA_GLUSTERD_UNREACHABLE', () => {
    const result = {
      stdout: '',
      stderr: 'Connection failed. Please check if gluster daemon is operational.\n',
      exitCode: 1,
    };
    expect(caught(() => parseEnvelope(result, ARGS)).code).toBe('GA_GLUSTERD_UNREACHABLE');
  });

  it('maps other plain text to GA_GLUSTER_BAD_OUTPUT with the exit code and stderr in the message', () => {
    const error = caught(() =>
      parseEnvelope({ stdout: 'Usage: gluster ...', stderr: 'boom', exitCode: 2 }, ARGS),
    );
    expect(error.code).toBe('GA_GLUSTER_BAD_OUTPUT');
    expect(error.message).toContain('exit code 2');
    expect(error.message).toContain('boom');
  });

  it('maps empty output to GA_GLUSTER_BAD_OUTPUT', () => {
    expect(caught(() => parseEnvelope({ stdout: '', stderr: '', exitCode: 0 }, ARGS)).code).toBe(
      'GA_GLUSTER_BAD_OUTPUT',
    );
  });

  it('maps XML without a <cliOutput><opRet> to GA_GLUSTER_BAD_OUTPUT', () => {
    const result = {
      stdout: '<?xml version="1.0"?><other><opRet>0</opRet></other>',
      stderr: '',
      exitCode: 0,
    };
    expect(caught(() => parseEnvelope(result, ARGS)).code).toBe('GA_GLUSTER_BAD_OUTPUT');
  });

  it('maps a non-numeric opRet to GA_GLUSTER_BAD_OUTPUT', () => {
    const result = { stdout: '<cliOutput><opRet>x</opRet></cliOutput>', stderr: '', exitCode: 0 };
    expect(caught(() => parseEnvelope(result, ARGS)).code).toBe('GA_GLUSTER_BAD_OUTPUT');
  });
});

describe('expectSuccess', () => {
  it('returns the envelope when opRet is 0', () => {
    expect(expectSuccess(fixture('volume-set-success'), ARGS).output).toBe('Set volume successful');
  });

  it('throws GA_GLUSTER_OP_FAILED carrying opRet, opErrno and opErrstr although the exit code was 0', () => {
    const result = fixture('volume-create-root-partition');
    expect(result.exitCode).toBe(0);
    const error = caught(() => expectSuccess(result, ARGS));
    expect(error.code).toBe('GA_GLUSTER_OP_FAILED');
    expect(error).toMatchObject({ opRet: -1, opErrno: 30800, reason: 'brick-on-root-partition' });
    expect(error.opErrstr).toContain('is being created in the root partition');
    expect(error.message).toContain('failed: The brick gxml-1:/srv/brick-r2');
  });
});
