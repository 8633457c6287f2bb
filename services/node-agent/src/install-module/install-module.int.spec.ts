import {
  nodeCommandSubject,
  nodeStream,
  type InstallModule,
  type InstallModuleReply,
} from '@hotswap/contracts';
import { derivedEventId } from '@hotswap/event-sourcing';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName } from '@hotswap/testing';
import { NodeAgentFixture } from '../../test/node-agent-fixture.js';

describe('installing a module on a node', () => {
  let fixture: NodeAgentFixture;
  beforeAll(async () => {
    fixture = await NodeAgentFixture.start();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const install = (overrides: Partial<InstallModule> = {}, subjectNode?: string) => {
    const command: InstallModule = {
      commandId: uniqueName('cmd'),
      actor: 'service:strategy-runner',
      nodeId: 'development-01',
      correlationId: 'deployment-1',
      moduleName: uniqueName('mod'),
      version: '1.0.0',
      ...overrides,
    };
    const subject = nodeCommandSubject('Development', subjectNode ?? command.nodeId, 'install');
    return { command, reply: sendCommand<InstallModuleReply>(fixture.client, subject, command) };
  };

  it('records ModuleInstalled on the node’s stream, for the deployment, and answers the previous version', async () => {
    const first = install();
    expect(await first.reply).toEqual({
      ok: true,
      nodeId: 'development-01',
      version: '1.0.0',
      previousVersion: null,
    });
    const moduleName = first.command.moduleName;
    expect(await install({ moduleName, version: '1.1.0' }).reply).toMatchObject({
      ok: true,
      previousVersion: '1.0.0',
    });
    const events = await fixture.store.readStream(nodeStream('development-01'));
    const mine = events.filter((e) => (e.data as { moduleName: string }).moduleName === moduleName);
    expect(mine.map((e) => [e.type, e.data])).toEqual([
      ['ModuleInstalled', expect.objectContaining({ version: '1.0.0', previousVersion: null })],
      ['ModuleInstalled', expect.objectContaining({ version: '1.1.0', previousVersion: '1.0.0' })],
    ]);
    expect(mine[0]!.id).toBe(derivedEventId(first.command.commandId, 0));
    expect(mine[0]!.metadata).toMatchObject({
      correlationId: 'deployment-1',
      causationId: first.command.commandId,
      actor: 'service:strategy-runner',
    });
  });

  it('stores nothing twice for a retried command, and answers as the first time', async () => {
    const first = install({ nodeId: 'development-03' });
    const firstReply = await first.reply;
    const retried = await sendCommand<InstallModuleReply>(
      fixture.client,
      nodeCommandSubject('Development', 'development-03', 'install'),
      first.command,
    );
    expect(retried).toEqual(firstReply);
    const events = await fixture.store.readStream(nodeStream('development-03'));
    expect(events.filter((e) => e.metadata.causationId === first.command.commandId)).toHaveLength(
      1,
    );
  });

  it('answers the installed version as the previous one when another command asks for it again', async () => {
    const first = install({ nodeId: 'development-03', version: '2.0.0' });
    await first.reply;
    const again = install({
      nodeId: 'development-03',
      moduleName: first.command.moduleName,
      version: '2.0.0',
    });
    expect(await again.reply).toMatchObject({
      ok: true,
      version: '2.0.0',
      previousVersion: '2.0.0',
    });
  });

  it('fails a simulated install and records nothing', async () => {
    const before = await fixture.store.readStream(nodeStream('development-02'));
    const failed = install({ nodeId: 'development-02', moduleName: 'broken-module' });
    expect(await failed.reply).toMatchObject({
      ok: false,
      error: {
        code: 'OPERATION_FAILED',
        message: expect.stringContaining('broken-module') as string,
      },
    });
    expect(await fixture.store.readStream(nodeStream('development-02'))).toEqual(before);
    // The same module installs on the other nodes.
    expect(await install({ moduleName: 'broken-module' }).reply).toMatchObject({ ok: true });
  });

  it('refuses a payload that names another node than the subject, unknown nodes and bad fields', async () => {
    expect(await install({ nodeId: 'development-01' }, 'development-03').reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { nodeId: expect.any(String) as string } },
    });
    expect(await install({ nodeId: 'development-09' }).reply).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await install({ version: 'latest', moduleName: 'Bad Name' }).reply).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        fields: { version: expect.any(String) as string, moduleName: expect.any(String) as string },
      },
    });
  });
});
