import { Module } from '@nestjs/common';

/**
 * The approval service's use cases (requests, decisions, expiry) are composed here as they arrive.
 * The host adds health, metrics, configuration and connections (bootstrapService).
 */
@Module({ imports: [] })
export class AppModule {}
