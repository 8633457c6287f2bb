/**
 * Issue 5's signed modules as operators meet them: a version signed with a key of the trusted CA
 * is pushed (hotswap modules push), registered, and deploys to strict Staging, SecurityScan naming
 * its signer; an unregistered version fails SecurityScan in Staging but deploys with a warning in
 * Development; a binary changed in the store after registration is not installed by the nodes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'nats';
import { moduleBucketOf } from '@hotswap/config';
import {
  createDevelopmentCa,
  issueSigningCertificate,
  signModule,
  type CertifiedKey,
} from '@hotswap/module-signing';
import { HotSwapSystem, testInfrastructure, testToken } from '@hotswap/testing';
import { ApiClient, type DeploymentView } from './api-client.js';

const ROOT = path.resolve(__dirname, '../..');
const requesterEmail = 'alice@example.com';

describe('signed modules, end to end', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  let dir: string;
  let ca: CertifiedKey;
  let signer: CertifiedKey;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(testInfrastructure().tmpDir, 'modules-'));
    ca = await createDevelopmentCa({ commonName: 'HotSwap Test CA', days: 30 });
    signer = await issueSigningCertificate({ ca, commonName: 'Payments team', days: 30 });
    writeFileSync(path.join(dir, 'ca.pem'), ca.certificatePem);
    writeFileSync(path.join(dir, 'cert.pem'), signer.certificatePem);
    system = await HotSwapSystem.start({
      HOTSWAP_STAGE_DURATIONS_MS: '0',
      HOTSWAP_BLUE_GREEN_SMOKE_TEST_MS: '0',
      HOTSWAP_BLUE_GREEN_SWITCH_BACK_WINDOW_MS: '0',
      HOTSWAP_STAGING_APPROVAL_REQUIRED: 'false',
      HOTSWAP_TRUSTED_CA_FILES: path.join(dir, 'ca.pem'),
    });
    api = new ApiClient(system.gateway);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
  });

  /** A module file and its detached signature, as `hotswap modules sign` writes them. */
  const moduleFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    writeFileSync(`${file}.sig`, signModule(Buffer.from(content), signer.privateKeyPem));
    return file;
  };
  const push = (file: string, name: string, version: string, token = testToken('admin')) =>
    spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'tools/cli/dist/main.js'),
        'modules',
        'push',
        file,
        '--name',
        name,
        '--version',
        version,
        '--cert',
        path.join(dir, 'cert.pem'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, HOTSWAP_TOKEN: token, HOTSWAP_GATEWAY_URL: system.gateway },
      },
    );
  const deploy = async (moduleName: string, version: string, targetEnvironment: string) => {
    const posted = await api.requestDeployment({
      requesterEmail,
      moduleName,
      version,
      targetEnvironment,
    });
    expect(posted.status).toBe(202);
    return api.waitForStatus(
      posted.body['executionId'] as string,
      ['Completed', 'Failed', 'RolledBack'],
      30_000,
    );
  };
  const scanOf = (deployment: DeploymentView) =>
    deployment.stages.find((stage) => stage.name === 'SecurityScan');

  it('registers a pushed, signed version and deploys it to strict Staging', async () => {
    const file = moduleFile('catalog-2.0.0.wasm', 'catalog 2.0.0 bytes');
    const pushed = push(file, 'catalog', '2.0.0');
    expect(pushed.stderr).toBe('');
    expect(pushed.stdout).toMatch(
      /^Registered catalog 2\.0\.0 \(SHA-256 [0-9a-f]{64}, signed by CN=Payments team\)/,
    );
    expect(pushed.status).toBe(0);

    const { status, body } = await api.get<Record<string, unknown>>(
      '/api/v1/modules/catalog/2.0.0',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      moduleName: 'catalog',
      version: '2.0.0',
      size: 'catalog 2.0.0 bytes'.length,
      registeredBy: 'admin',
      signer: { subject: 'CN=Payments team', issuer: 'CN=HotSwap Test CA' },
    });

    const done = await deploy('catalog', '2.0.0', 'Staging');
    expect(done.status).toBe('Completed');
    expect(scanOf(done)?.message).toMatch(/^catalog 2\.0\.0 is signed by CN=Payments team/);
    // The same push again answers the registration; another binary under that version is refused.
    expect(push(file, 'catalog', '2.0.0').stdout).toMatch(/^Already registered catalog 2\.0\.0/);
    const changed = push(moduleFile('catalog-other.wasm', 'other bytes'), 'catalog', '2.0.0');
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/409: catalog 2\.0\.0 is registered with another binary/);
  });

  it('refuses an upload from a Deployer, and one with a certificate that is not PEM', async () => {
    const file = moduleFile('pricing-1.0.0.wasm', 'pricing bytes');
    const asDeployer = push(file, 'pricing', '1.0.0', testToken('deployer'));
    expect(asDeployer.stderr).toMatch(/403: This needs the Admin role/);
    writeFileSync(path.join(dir, 'cert.pem'), 'not a certificate');
    try {
      const badCert = push(file, 'pricing', '1.0.0');
      expect(badCert.stderr).toMatch(/400: Invalid module upload: certificate /);
    } finally {
      writeFileSync(path.join(dir, 'cert.pem'), signer.certificatePem);
    }
    expect((await api.get('/api/v1/modules/pricing/1.0.0')).status).toBe(404);
  });

  it('fails an unregistered version at SecurityScan in Staging, and warns in Development', async () => {
    const staging = await deploy('ledger', '1.0.0', 'Staging');
    expect(staging.status).toBe('Failed');
    expect(scanOf(staging)).toMatchObject({ status: 'Failed' });
    expect(staging.message).toMatch(
      /Signature check failed \(Staging deploys only verified modules\): ledger 1\.0\.0 is not registered/,
    );
    const development = await deploy('ledger', '1.0.0', 'Development');
    expect(development.status).toBe('Completed');
    expect(scanOf(development)?.message).toMatch(
      /^Warning, not verified \(Development is not strict\)/,
    );
  });

  it('does not install a binary changed in the store after it was registered', async () => {
    const file = moduleFile('search-3.0.0.wasm', 'search 3.0.0 bytes');
    expect(push(file, 'search', '3.0.0').status).toBe(0);
    const { body } = await api.get<{ digest: string }>('/api/v1/modules/search/3.0.0');
    // Someone with access to the bucket swaps the bytes behind HotSwap's back.
    const nc = await connect({ servers: system.env['NATS_URL'] });
    try {
      const bucket = moduleBucketOf({
        eventStore: {
          kind: 'jetstream',
          streamName: system.env['HOTSWAP_JETSTREAM_STREAM']!,
          subjectPrefix: system.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
        },
      });
      const store = await nc.jetstream().views.os(bucket);
      await store.putBlob({ name: `search/3.0.0/${body.digest}` }, Buffer.from('tampered bytes'));
    } finally {
      await nc.close();
    }
    const done = await deploy('search', '3.0.0', 'Development');
    expect(done.status).not.toBe('Completed');
    expect(JSON.stringify(done)).toMatch(/does not match the registered SHA-256 digest/);
  });
});
