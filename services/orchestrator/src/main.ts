import 'reflect-metadata';
import { ConfigError } from '@hotswap/config';
import { bootstrapService } from '@hotswap/service-host';
import { AppModule } from './app.module.js';
import { readOrchestratorConfig } from './orchestrator-config/orchestrator-config.js';

// The orchestrator's own variables are checked before anything connects, and reported as the
// host reports its own (plain text on stderr, exit code 1). AppModule reads them again (pure).
try {
  readOrchestratorConfig(process.env);
  void bootstrapService({ name: 'orchestrator', module: AppModule });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
