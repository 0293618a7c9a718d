// The production wiring of discovery: real HTTPS, the system's DNS, real probes, all trusting the same
// CAs as IMAP (system roots plus IT's). Tests build DiscoveryDeps themselves with a route to 127.0.0.1.
import type { DiscoveryDeps } from './discoverAccount.js';
import { createHttpsFetchText } from './httpsFetchText.js';
import { createProbe } from './probeServer.js';
import { systemResolveSrv } from './srvLookup.js';

export interface DefaultDiscoveryOptions {
  readonly trustedCaPem: readonly string[];
  readonly isServerAllowed: (host: string) => boolean;
}

export function defaultDiscoveryDeps(opts: DefaultDiscoveryOptions): DiscoveryDeps {
  return {
    fetchText: createHttpsFetchText({ trustedCaPem: opts.trustedCaPem }),
    resolveSrv: systemResolveSrv,
    probe: createProbe({ trustedCaPem: opts.trustedCaPem }),
    isServerAllowed: opts.isServerAllowed,
  };
}
