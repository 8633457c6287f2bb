import 'reflect-metadata';
import { bootstrapService } from '@hotswap/service-host';
import { AppModule } from './app.module.js';

void bootstrapService({ name: 'gateway', module: AppModule });
