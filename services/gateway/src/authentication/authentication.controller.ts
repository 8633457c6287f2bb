import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { checkPassword, issueToken, LoginLockout, type Role } from '@hotswap/auth';
import { PublicRoute } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import {
  badRequest,
  invalidFieldsMessage,
  tooManyRequests,
  unauthorized,
} from '../http/api-errors.js';
import { bodyFields } from '../http/request-fields.js';
import { Allow, CallerOf, type Caller } from './access.js';
import { GatewayAuth } from './gateway-auth.js';
import { UsersDirectory } from './users-directory.js';

export interface LoginAnswer {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: { readonly username: string; readonly roles: readonly Role[] };
}

const isText =
  (max: number) =>
  (v: unknown): v is string =>
    typeof v === 'string' && v.length > 0 && v.length <= max;

/**
 * `POST /api/v1/authentication/login` trades a username and password from the users file for a
 * token (JWT, the gateway's key); `GET /api/v1/authentication/me` says whose token it is. After
 * too many wrong passwords an account is locked for a while (429 with Retry-After), counted in
 * Redis so every gateway instance sees the same count.
 */
@Controller('api/v1/authentication')
export class AuthenticationController {
  constructor(
    @Inject(UsersDirectory) private readonly users: UsersDirectory,
    @Inject(LoginLockout) private readonly lockout: LoginLockout,
    @Inject(GatewayAuth) private readonly auth: GatewayAuth,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  /** 200 with the token; 400 naming a missing field; 401 for a wrong pair; 429 while locked. */
  @Post('login')
  @PublicRoute()
  @HttpCode(200)
  async login(
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Pick<ServerResponse, 'setHeader'>,
  ): Promise<LoginAnswer> {
    const { input, fields, field } = bodyFields(body);
    const username = field('username', input['username'], isText(64), 'is required (text)');
    const password = field('password', input['password'], isText(1024), 'is required (text)');
    if (!username || !password) {
      throw badRequest(invalidFieldsMessage('login', fields), fields);
    }
    const lockedForMs = await this.lockout.lockedForMs(username.value);
    if (lockedForMs > 0) {
      const seconds = Math.ceil(lockedForMs / 1000);
      response.setHeader('Retry-After', String(seconds));
      throw tooManyRequests(
        `Account '${username.value}' is locked after ${this.auth.lockout.maxFailures} failed logins; try again in ${Math.ceil(seconds / 60)} minute(s)`,
      );
    }
    const user = await checkPassword(await this.users.users(), username.value, password.value);
    if (user === undefined) {
      // Unknown names count too, so the answer does not tell which names exist.
      await this.lockout.recordFailure(username.value);
      throw unauthorized('Wrong username or password');
    }
    await this.lockout.recordSuccess(user.username);
    const issued = issueToken(user, this.auth.settings, this.options.now());
    return {
      token: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
      user: { username: user.username, roles: user.roles },
    };
  }

  /** 200 with the caller's name, roles and when their token expires. */
  @Get('me')
  @Allow('Viewer')
  me(@CallerOf() caller: Caller) {
    return {
      username: caller.username,
      roles: caller.roles,
      expiresAt: caller.expiresAt.toISOString(),
    };
  }
}
