import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { classifyOpError, GLUSTER_CLI_ERROR_CODES, GlusterCliError } from './errors.js';

describe('GlusterCliError', () => {
  it('documents every code with a sentence that says what to do', () => {
    for (const [code, text] of Object.entries(GLUSTER_CLI_ERROR_CODES)) {
      expect(code).toMatch(/^GA_GLUSTER/);
      expect(text.length, code).toBeGreaterThan(40);
    }
  });

  it('keeps the code, the gluster fields and the cause', () => {
    const cause = new Error('root');
    const error = new GlusterCliError('GA_GLUSTER_OP_FAILED', 'm', {
      args: ['volume', 'info'],
      opRet: -1,
      opErrno: 2,
      opErrstr: 'Volume x does not exist',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'GlusterCliError', code: 'GA_GLUSTER_OP_FAILED', opErrno: 2 });
    expect(error.reason).toBe('volume-missing');
    expect(error.cause).toBe(cause);
  });
});

describe('classifyOpError', () => {
  // Every failure fixture captured from gluster 11.1 maps to the reason the agent acts on.
  it.each([
    ['volume-info-missing-volume', 'volume-missing'],
    ['volume-set-missing-volume', 'volume-missing'],
    ['volume-status-missing-volume', 'volume-missing'],
    ['volume-get-missing-volume', 'volume-missing'],
    ['heal-info-summary-missing-volume', 'volume-missing'],
    ['volume-create-already-exists', 'volume-exists'],
    ['volume-start-already-started', 'volume-already-started'],
    ['volume-status-not-started', 'volume-not-started'],
    ['heal-info-summary-not-started', 'volume-not-started'],
    ['volume-create-peer-disconnected', 'peer-not-connected'],
    ['volume-create-during-hung-probe', 'peer-unknown'],
    ['peer-status-during-hung-probe', 'no-reason'],
    ['pool-list-during-hung-probe', 'no-reason'],
    ['volume-create-root-partition', 'brick-on-root-partition'],
    ['volume-create-brick-is-mount-point', 'brick-unavailable'],
    ['peer-probe-unresolvable', 'probe-failed'],
    ['volume-set-unknown-option', 'invalid-option'],
    ['volume-status-locking-failed', 'busy'],
    ['volume-status-another-transaction', 'busy'],
    ['volume-set-invalid-value', 'invalid-option'],
  ])('classifies the opErrstr of %s as %s', (name, reason) => {
    expect(classifyOpError(envelopeOf(name).opErrstr)).toBe(reason);
  });

  it("recognises the documented 'not in Peer in Cluster state' message", () => {
    expect(classifyOpError("Host gxml-3 is not in 'Peer in Cluster' state")).toBe('peer-not-in-cluster');
  });

  it('returns unknown for a message it has never seen', () => {
    expect(classifyOpError('Something new happened')).toBe('unknown');
  });
});
