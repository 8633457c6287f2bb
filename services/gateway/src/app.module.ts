import { Module } from '@nestjs/common';

/**
 * The gateway's use cases (REST API, projections, live stream) are composed here as they arrive.
 * The host adds health, metrics, configuration and connections (bootstrapService).
 */
@Module({ imports: [] })
export class AppModule {}
