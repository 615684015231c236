import type { Registry } from 'prom-client';
import { type TlsStatus, tlsStatusAt } from '../tls/tls-status.js';
import { liveGauge } from './live-gauge.js';

/**
 * TLS as metrics, read from the agent's status at scrape time: whether it is on, and the days
 * until this container's certificate and the stack CA expire (alert well before 0).
 */
export function registerTlsMetrics(registry: Registry, status: () => TlsStatus, now: () => Date): void {
  liveGauge(
    registry,
    'ga_tls_enabled',
    '1 when gluster traffic of this container uses TLS (GLUSTER_TLS=on)',
    [],
    (gauge) => gauge.set(status().mode === 'on' ? 1 : 0),
  );
  liveGauge(
    registry,
    'ga_tls_certificate_expiry_days',
    'Days until a certificate expires: this container\'s own (certificate="member") and the stack CA (certificate="ca")',
    ['certificate'],
    (gauge) => {
      const tls = tlsStatusAt(status(), now());
      if (tls.mode !== 'on') return;
      gauge.set({ certificate: 'member' }, tls.daysLeft);
      gauge.set({ certificate: 'ca' }, tls.caDaysLeft);
    },
  );
}
