import { Module } from '@nestjs/common';

/**
 * The orchestrator's use cases (deployment workflow) are composed here as they arrive.
 * The host adds health, metrics, configuration and connections (bootstrapService).
 */
@Module({ imports: [] })
export class AppModule {}
