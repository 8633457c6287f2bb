import { createServer as createHttpServer, type Server } from 'node:http';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
} from 'node:net';
import { InvalidVariable } from '@hotswap/config';
import { failedChecks, readModuleChecks, runCheck } from './module-checks.js';

const target = {
  nodeId: 'qa-01',
  environment: 'QA',
  moduleName: 'orders',
  version: '2.0.0',
} as const;

describe('reading HOTSWAP_MODULE_CHECKS', () => {
  it('has no checks when unset', () => {
    expect(readModuleChecks({})).toEqual({});
  });

  it('reads HTTP, TCP and command checks', () => {
    expect(
      readModuleChecks({
        HOTSWAP_MODULE_CHECKS: JSON.stringify({
          orders: [
            { type: 'http', url: 'http://{nodeId}:8080/health', expectStatus: 204, timeoutMs: 500 },
            { type: 'tcp', host: '{nodeId}', port: 5432 },
            { type: 'command', command: ['/bin/true', '{nodeId}'] },
          ],
        }),
      }).orders,
    ).toHaveLength(3);
  });

  it.each([
    ['not json', /is not JSON/],
    ['[]', /JSON object/],
    ['{"orders": {}}', /orders: expected a list/],
    ['{"orders": [{"type": "ping"}]}', /orders\[0\]\.type must be http, tcp or command/],
    ['{"orders": [{"type": "http", "url": "ftp://x"}]}', /orders\[0\]\.url/],
    ['{"orders": [{"type": "tcp", "host": "x", "port": 70000}]}', /orders\[0\]\.port/],
    [
      '{"orders": [{"type": "command", "command": "rm -rf /"}]}',
      /orders\[0\]\.command must be a non-empty list/,
    ],
    ['{"orders": [{"type": "command", "command": ["x"], "timeoutMs": 0}]}', /timeoutMs/],
  ])('refuses %s, naming the problem', (value, problem) => {
    expect(() => readModuleChecks({ HOTSWAP_MODULE_CHECKS: value })).toThrow(InvalidVariable);
    expect(() => readModuleChecks({ HOTSWAP_MODULE_CHECKS: value })).toThrow(problem);
  });
});

describe('running checks', () => {
  let http: Server;
  let tcp: TcpServer;
  let httpPort: number;
  let tcpPort: number;
  beforeAll(async () => {
    http = createHttpServer((request, response) => {
      response.statusCode = request.url === '/health/qa-01' ? 200 : 503;
      response.end();
    });
    tcp = createTcpServer((socket) => socket.end());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    httpPort = (http.address() as AddressInfo).port;
    tcpPort = (tcp.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await new Promise((resolve) => tcp.close(resolve));
  });

  it('passes an HTTP check answering the expected status, with the node in the URL', async () => {
    const check = { type: 'http', url: `http://127.0.0.1:${httpPort}/health/{nodeId}` } as const;
    expect(await runCheck(check, target)).toBeUndefined();
    expect(await runCheck(check, { ...target, nodeId: 'qa-02' })).toBe(
      `HTTP http://127.0.0.1:${httpPort}/health/qa-02 answered 503, expected 200`,
    );
  });

  it('fails an HTTP check that does not answer in time', async () => {
    const problem = await runCheck(
      { type: 'http', url: 'http://10.255.255.1:9/', timeoutMs: 100 },
      target,
    );
    expect(problem).toMatch(/did not answer within 100 ms/);
  });

  it('passes a TCP check on an open port and fails on a closed one', async () => {
    expect(
      await runCheck({ type: 'tcp', host: '127.0.0.1', port: tcpPort }, target),
    ).toBeUndefined();
    const closed = await runCheck(
      { type: 'tcp', host: '127.0.0.1', port: 1, timeoutMs: 500 },
      target,
    );
    expect(closed).toMatch(/TCP 127\.0\.0\.1:1 (refused|did not accept)/);
  });

  it('passes a command exiting 0, fails on another exit code or a timeout', async () => {
    expect(await runCheck({ type: 'command', command: ['true'] }, target)).toBeUndefined();
    expect(await runCheck({ type: 'command', command: ['false'] }, target)).toBe(
      'command false exited with 1',
    );
    expect(
      await runCheck({ type: 'command', command: ['sleep', '5'], timeoutMs: 100 }, target),
    ).toBe('command sleep 5 timed out after 100 ms');
  });

  it('lists the failures of a module’s checks, and none for a module without checks', async () => {
    const checks = {
      orders: [
        { type: 'command', command: ['true'] },
        { type: 'command', command: ['sh', '-c', 'test {nodeId} = qa-01'] },
      ],
    } as const;
    expect(await failedChecks(checks, target)).toEqual([]);
    expect(await failedChecks(checks, { ...target, nodeId: 'qa-02' })).toEqual([
      'command sh -c test qa-02 = qa-01 exited with 1',
    ]);
    expect(await failedChecks(checks, { ...target, moduleName: 'other' })).toEqual([]);
  });
});
