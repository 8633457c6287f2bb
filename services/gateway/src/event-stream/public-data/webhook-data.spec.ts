import type { WebhookEvent } from '@hotswap/contracts';
import { publicDataOf } from './public-data.js';

describe('public data of webhook events', () => {
  it('WebhookRegistered: the webhook and its filter, never its URL or its secret', () => {
    const registered: WebhookEvent = {
      type: 'WebhookRegistered',
      data: {
        webhookId: 'w-1',
        url: 'https://hooks.example.com/T0KEN',
        filter: { types: ['DeploymentCompleted'] },
        secret: { algorithm: 'aes-256-gcm', iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' },
        registeredAt: '2026-11-22T10:00:04.012Z',
        registeredBy: 'admin',
      },
    };
    const data = publicDataOf('webhook', registered.type, registered.data);
    expect(data).toStrictEqual({
      webhookId: 'w-1',
      filter: { types: ['DeploymentCompleted'] },
      registeredAt: '2026-11-22T10:00:04.012Z',
      registeredBy: 'admin',
    });
    expect(JSON.stringify(data)).not.toMatch(/T0KEN|Y3Q=/);
  });

  it('WebhookDeliveryDeadLettered: what failed and why, not the copy of the event', () => {
    const letter: WebhookEvent = {
      type: 'WebhookDeliveryDeadLettered',
      data: {
        webhookId: 'w-1',
        eventId: '42',
        eventType: 'DeploymentCompleted',
        deploymentId: 'd-1',
        attempts: 6,
        lastError: 'the receiver answered 503',
        failedAt: '2026-11-22T10:00:04.012Z',
        event: { id: '42' },
      },
    };
    expect(publicDataOf('webhook', letter.type, letter.data)).toStrictEqual({
      webhookId: 'w-1',
      eventId: '42',
      eventType: 'DeploymentCompleted',
      deploymentId: 'd-1',
      attempts: 6,
      lastError: 'the receiver answered 503',
      failedAt: '2026-11-22T10:00:04.012Z',
    });
  });
});
