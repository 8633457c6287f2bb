import 'reflect-metadata';
import { ConfigError } from '@hotswap/config';
import { bootstrapService } from '@hotswap/service-host';
import { AppModule } from './app.module.js';
import { readGatewayAuth } from './authentication/gateway-auth.js';
import { readGatewayOptions } from './gateway-options.js';

// The gateway's own variables are checked before anything connects, and reported as the host
// reports its own (plain text on stderr, exit code 1). AppModule reads them again (pure).
try {
  readGatewayOptions(process.env);
  readGatewayAuth(process.env);
  void bootstrapService({ name: 'gateway', module: AppModule });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
