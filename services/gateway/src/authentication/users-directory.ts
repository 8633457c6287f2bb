import { stat } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { readUsers, type StoredUser } from '@hotswap/auth';
import { GatewayAuth } from './gateway-auth.js';

/**
 * The users file as the login sees it: read again whenever it changed on disk (its modification
 * time or size), so `hotswap users add` takes effect without restarting the gateway. A missing
 * file means no users: every login fails.
 */
@Injectable()
export class UsersDirectory {
  private cached: { readonly version: string; readonly users: readonly StoredUser[] } | undefined;

  constructor(@Inject(GatewayAuth) private readonly auth: GatewayAuth) {}

  get file(): string {
    return this.auth.usersFile;
  }

  async users(): Promise<readonly StoredUser[]> {
    const version = await this.version();
    if (this.cached?.version !== version) {
      this.cached = { version, users: await readUsers(this.auth.usersFile) };
    }
    return this.cached.users;
  }

  private async version(): Promise<string> {
    try {
      const { mtimeMs, size, ino } = await stat(this.auth.usersFile);
      return `${ino}:${mtimeMs}:${size}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw error;
    }
  }
}
