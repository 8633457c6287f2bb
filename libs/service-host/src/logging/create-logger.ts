import { pino, type Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';

/** JSON lines on stdout, every line naming the service and the instance it comes from. */
export function createLogger(config: HotSwapConfig, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: config.service, instance: config.instanceId, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
