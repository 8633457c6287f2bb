import { ConfigError } from '@hotswap/config';
import { readGatewayOptions } from './gateway-options.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    readGatewayOptions(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  throw new Error('accepted bad variables');
}

describe("the gateway's variables", () => {
  it('keep an hour of telemetry, at most 3,600 samples per node, by default', () => {
    expect(readGatewayOptions({})).toMatchObject({
      telemetryRetentionMs: 3_600_000,
      telemetryMaxSamplesPerNode: 3_600,
    });
  });

  it('read the retention and the cap', () => {
    expect(
      readGatewayOptions({
        HOTSWAP_TELEMETRY_RETENTION_MS: '600000',
        HOTSWAP_TELEMETRY_MAX_SAMPLES_PER_NODE: '120',
      }),
    ).toMatchObject({ telemetryRetentionMs: 600_000, telemetryMaxSamplesPerNode: 120 });
  });

  it('name every bad one', () => {
    expect(
      problemsOf({
        HOTSWAP_TELEMETRY_RETENTION_MS: '1h',
        HOTSWAP_TELEMETRY_MAX_SAMPLES_PER_NODE: '0',
      }),
    ).toEqual([
      "HOTSWAP_TELEMETRY_RETENTION_MS is '1h': expected an integer from 60000 to 86400000",
      "HOTSWAP_TELEMETRY_MAX_SAMPLES_PER_NODE is '0': expected an integer from 10 to 100000",
    ]);
  });
});
