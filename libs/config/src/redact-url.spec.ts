import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('redis://user:hunter2@redis:6379/0')).toBe('redis://user:***@redis:6379/0');
  });

  it('leaves URLs without password as they are', () => {
    expect(redactUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });

  it('does not repeat what it cannot parse', () => {
    expect(redactUrl('not a url with hunter2')).toBe('(unparsable URL)');
  });
});
