import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Takes every delivery (204) and keeps what it got, in order. */
export class WebhookReceiver {
  readonly got: { id: string; type: string; deploymentId: string | null }[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const { id, type, deploymentId } = JSON.parse(body) as WebhookReceiver['got'][number];
        this.got.push({ id, type, deploymentId });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  completed(executionId: string): boolean {
    return this.got.some((e) => e.type === 'DeploymentCompleted' && e.deploymentId === executionId);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
