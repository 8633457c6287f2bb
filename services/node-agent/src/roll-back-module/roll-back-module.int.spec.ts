import {
  nodeCommandSubject,
  nodeStream,
  type InstallModuleReply,
  type RollBackModule,
  type RollBackModuleReply,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName } from '@hotswap/testing';
import { NodeAgentFixture } from '../../test/node-agent-fixture.js';

describe('rolling a module back on a node', () => {
  let fixture: NodeAgentFixture;
  beforeAll(async () => {
    fixture = await NodeAgentFixture.start();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const envelope = (moduleName: string) => ({
    commandId: uniqueName('cmd'),
    actor: 'service:strategy-runner',
    nodeId: 'qa-02',
    correlationId: 'deployment-2',
    moduleName,
  });
  const install = (moduleName: string, version: string, commandId = uniqueName('cmd')) =>
    sendCommand<InstallModuleReply>(fixture.client, nodeCommandSubject('QA', 'qa-02', 'install'), {
      ...envelope(moduleName),
      commandId,
      version,
    });
  const rollBack = (command: RollBackModule) =>
    sendCommand<RollBackModuleReply>(
      fixture.client,
      nodeCommandSubject('QA', 'qa-02', 'rollback'),
      command,
    );
  const historyOf = async (moduleName: string) =>
    (await fixture.store.readStream(nodeStream('qa-02')))
      .filter((e) => (e.data as { moduleName: string }).moduleName === moduleName)
      .map((e) => [e.type, e.data]);

  it('puts the previous version back, and records it once even when retried', async () => {
    const moduleName = uniqueName('mod');
    await install(moduleName, '1.0.0');
    await install(moduleName, '2.0.0');
    const command = { ...envelope(moduleName), version: '1.0.0' };
    expect(await rollBack(command)).toEqual({ ok: true, nodeId: 'qa-02', version: '1.0.0' });
    expect(await rollBack(command)).toEqual({ ok: true, nodeId: 'qa-02', version: '1.0.0' });
    expect((await historyOf(moduleName)).slice(2)).toEqual([
      [
        'ModuleRolledBack',
        expect.objectContaining({ nodeId: 'qa-02', from: '2.0.0', version: '1.0.0' }),
      ],
    ]);
  });

  it('uninstalls a module that had no previous version', async () => {
    const moduleName = uniqueName('mod');
    await install(moduleName, '1.0.0');
    expect(await rollBack({ ...envelope(moduleName), version: null })).toMatchObject({
      ok: true,
      version: null,
    });
    expect((await historyOf(moduleName)).at(-1)).toEqual([
      'ModuleRolledBack',
      expect.objectContaining({ from: '1.0.0', version: null }),
    ]);
  });

  describe('undoing an install whose answer never came', () => {
    const undo = (moduleName: string, commandId: string, version: string) =>
      rollBack({ ...envelope(moduleName), undoInstall: { commandId, version } });

    it('puts back what the install replaced when it happened', async () => {
      const moduleName = uniqueName('mod');
      await install(moduleName, '1.0.0');
      const unanswered = uniqueName('cmd');
      await install(moduleName, '2.0.0', unanswered);
      expect(await undo(moduleName, unanswered, '2.0.0')).toEqual({
        ok: true,
        nodeId: 'qa-02',
        version: '1.0.0',
      });
      expect((await historyOf(moduleName)).at(-1)).toEqual([
        'ModuleRolledBack',
        expect.objectContaining({ from: '2.0.0', version: '1.0.0' }),
      ]);
    });

    it('cancels an install that has not happened, so that it cannot happen later', async () => {
      const moduleName = uniqueName('mod');
      await install(moduleName, '1.0.0');
      const late = uniqueName('cmd');
      expect(await undo(moduleName, late, '2.0.0')).toEqual({
        ok: true,
        nodeId: 'qa-02',
        version: '1.0.0',
      });
      // The node-agent that held the install (slow, or stopped and continued) carries it out now.
      expect(await install(moduleName, '2.0.0', late)).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect((await historyOf(moduleName)).map(([type]) => type)).toEqual([
        'ModuleInstalled',
        'InstallCancelled',
      ]);
    });
  });
});
