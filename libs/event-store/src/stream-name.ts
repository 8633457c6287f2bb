import { InvalidStreamName } from './errors.js';

/**
 * Stream names are `<category>-<id>` (`deployment-7f3c…`, `node-dev-1`): the category is what
 * subscriptions filter on; everything after the first dash is the aggregate id. The characters are
 * limited so that every adapter can map a name to its own addressing (a NATS subject token, an
 * EventStoreDB stream name) without escaping.
 */
const CATEGORY = /^[a-z][a-zA-Z0-9]*$/;
const ID = /^[A-Za-z0-9_-]+$/;
const MAX_LENGTH = 200;

export interface StreamName {
  readonly category: string;
  readonly id: string;
}

export function parseStreamName(streamName: string): StreamName {
  if (streamName.length > MAX_LENGTH) {
    throw new InvalidStreamName(streamName, `longer than ${MAX_LENGTH} characters`);
  }
  const dash = streamName.indexOf('-');
  if (dash <= 0) {
    throw new InvalidStreamName(streamName, "expected '<category>-<id>'");
  }
  const category = streamName.slice(0, dash);
  const id = streamName.slice(dash + 1);
  if (!CATEGORY.test(category)) {
    throw new InvalidStreamName(
      streamName,
      'the category must be letters and digits, starting with a lowercase letter',
    );
  }
  if (!ID.test(id)) {
    throw new InvalidStreamName(streamName, "the id must be letters, digits, '_' or '-'");
  }
  return { category, id };
}

export function assertCategory(category: string): void {
  if (!CATEGORY.test(category)) {
    throw new InvalidStreamName(
      `${category}-*`,
      'the category must be letters and digits, starting with a lowercase letter',
    );
  }
}

export function streamName(category: string, id: string): string {
  const name = `${category}-${id}`;
  parseStreamName(name);
  return name;
}
