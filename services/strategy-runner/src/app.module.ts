import { Module } from '@nestjs/common';

/**
 * The strategy runner's use cases (rollouts by strategy) are composed here as they arrive.
 * The host adds health, metrics, configuration and connections (bootstrapService).
 */
@Module({ imports: [] })
export class AppModule {}
