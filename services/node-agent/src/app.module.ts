import { Module } from '@nestjs/common';

/**
 * The node agent's use cases (install, activate, roll back, telemetry) are composed here as they
 * arrive. The host adds health, metrics, configuration and connections (bootstrapService).
 */
@Module({ imports: [] })
export class AppModule {}
