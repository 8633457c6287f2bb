import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection } from 'nats';
import { newEvent, type JetStreamEventStore } from '@hotswap/event-store';
import { testInfrastructure } from '@hotswap/testing';
import { cliStore } from '../../test/cli-store.js';
import { runAsText } from '../../test/run-captured.js';

const run = runAsText;

describe('hotswap verify', () => {
  let store: JetStreamEventStore;
  let close: () => Promise<void>;
  let nc: NatsConnection;
  const id = randomUUID();
  const deployment = `deployment-${id}`;
  const rollout = `rollout-${id}`;
  const jetStream = () => process.env['HOTSWAP_JETSTREAM_STREAM']!;
  const subjectOf = (stream: string) =>
    `${process.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']}.${stream.replace('-', '.')}`;

  beforeAll(async () => {
    ({ store, close } = await cliStore());
    nc = await connect({ servers: testInfrastructure().natsUrl });
    await store.append(deployment, [
      newEvent('DeploymentRequested', { moduleName: 'payment-processor', version: '2.1.0' }),
    ]);
    await store.append(rollout, [newEvent('RolloutStarted', { strategy: 'Canary' })]);
    await store.append(deployment, [
      newEvent('StageStarted', { stage: 'DeployToProduction' }),
      newEvent('StageSucceeded', { stage: 'DeployToProduction', approvedBy: 'alice@example.com' }),
    ]);
  });
  afterAll(async () => {
    await nc.close();
    await close();
  });

  it('detects one altered event, after reporting the same streams intact', async () => {
    const before = await run('verify', deployment);
    expect(before.code).toBe(0);
    expect(before.out).toMatch(new RegExp(`${deployment}\\s+3\\s+intact`));
    const all = await run('verify', '--all', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toMatchObject({
      intact: true,
      streams: [
        { streamName: deployment, events: 3, verdict: 'intact' },
        { streamName: rollout, events: 1, verdict: 'intact' },
      ],
    });

    // Outside HotSwap: replace the deployment's last message by a copy whose second event says
    // someone else approved it, with HotSwap's headers (not the server's own Nats-* ones, which
    // would make it refuse or drop the copy).
    const jsm = await nc.jetstreamManager();
    const original = await jsm.streams.getMessage(jetStream(), {
      last_by_subj: subjectOf(deployment),
    });
    const body = JSON.parse(new TextDecoder().decode(original.data)) as {
      id: string;
      data: Record<string, unknown>;
    }[];
    body[1]!.data['approvedBy'] = 'mallory@example.com';
    const copied = headers();
    for (const key of original.header.keys()) {
      if (key.startsWith('Nats-')) continue;
      for (const value of original.header.values(key)) copied.append(key, value);
    }
    await jsm.streams.deleteMessage(jetStream(), original.seq);
    await nc.jetstream().publish(subjectOf(deployment), JSON.stringify(body), { headers: copied });
    expect(
      (await store.readStream(deployment)).map(
        (e) => (e.data as { approvedBy?: string }).approvedBy,
      ),
    ).toEqual([undefined, undefined, 'mallory@example.com']);

    const after = await run('verify', deployment);
    expect(after.code).toBe(1);
    expect(after.out).toMatch(new RegExp(`${deployment}\\s+3\\s+BROKEN at revision 2`));
    expect(after.err).toContain(`event ${body[1]!.id} (stream ${deployment}, revision 2`);
    expect(after.err).toMatch(/was altered/);

    const allAfter = await run('verify', '--all', '--json');
    expect(allAfter.code).toBe(1);
    expect(JSON.parse(allAfter.out)).toMatchObject({
      intact: false,
      streams: [
        {
          streamName: deployment,
          verdict: 'broken',
          firstBreak: { eventId: body[1]!.id, revision: '2', reason: 'content-altered' },
        },
        { streamName: rollout, verdict: 'intact' },
      ],
    });
  });

  it('detects an event published straight to a stream’s subject', async () => {
    const forged = randomUUID();
    const stream = `approval-${randomUUID()}`;
    const { position } = await store.append(stream, [newEvent('ApprovalRequested', {})]);
    expect((await run('verify', stream)).code).toBe(0);
    const jsm = await nc.jetstreamManager();
    const last = await jsm.streams.getMessage(jetStream(), { last_by_subj: subjectOf(stream) });
    const h = headers();
    h.set('Hotswap-Revision', '1');
    h.set('Hotswap-Prev-Seqs', last.seq.toString(36));
    h.set('Nats-Msg-Id', forged);
    const body = [
      { id: forged, type: 'ApprovalGranted', data: { approver: 'mallory' }, metadata: {} },
    ];
    await nc.jetstream().publish(subjectOf(stream), JSON.stringify(body), { headers: h });
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual([
      'ApprovalRequested',
      'ApprovalGranted',
    ]);

    const { code, out, err } = await run('verify', stream, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      intact: false,
      streams: [
        { events: 2, firstBreak: { eventId: forged, revision: '1', reason: 'hash-missing' } },
      ],
    });
    expect(err).toContain(`event ${forged}`);
    expect(position).toBeGreaterThan(0n);
  });

  it('says so when the stream has no events (exit 1)', async () => {
    const { code, err } = await run('verify', `deployment-${randomUUID()}`);
    expect(code).toBe(1);
    expect(err).toMatch(/hotswap verify: No stream deployment-.* in the event store/);
  });

  it('refuses a bad command line with a message naming the argument (exit 2)', async () => {
    for (const [argv, message] of [
      [[], /Missing argument <stream> or --all/],
      [[deployment, '--all'], /either <stream> or --all/],
      [[deployment, rollout], /Unexpected argument/],
      [['--all', '--since', '5'], /Unknown option --since/],
      [['no_category'], /Argument <stream> 'no_category' is not a stream name/],
    ] as const) {
      const { code, err } = await run('verify', ...argv);
      expect(code).toBe(2);
      expect(err).toMatch(message);
    }
  });
});
