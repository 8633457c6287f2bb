import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { API_HELMET_OPTIONS, securityHeaders } from './security-headers.js';

/** A response that records what is set and removed, in order. */
function recorder() {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const response = {
    setHeader: (name: string, value: unknown) => set.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => removed.push(name.toLowerCase()),
  };
  return { set, removed, response: response as unknown as ServerResponse };
}

describe('securityHeaders', () => {
  it('sets exactly what helmet sets, and calls next', () => {
    const ours = recorder();
    const theirs = recorder();
    let next = 0;
    securityHeaders()({} as IncomingMessage, ours.response, () => next++);
    helmet(API_HELMET_OPTIONS)({} as IncomingMessage, theirs.response, () => undefined);
    expect(next).toBe(1);
    expect(ours.set).toEqual(theirs.set);
    expect(ours.removed).toEqual(theirs.removed);
    expect(Object.fromEntries(ours.set)).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(ours.removed).toEqual(['x-powered-by']);
  });
});
