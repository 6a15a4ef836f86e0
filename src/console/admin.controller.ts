import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UuidParamDto } from '../common/uuid-param.dto';
import { ApiTokensService } from '../identity/api-tokens.service';
import type { BrowserSession } from '../identity/browser-sessions.service';
import { CreateApiTokenDto } from '../identity/dto/create-api-token.dto';
import { CreateUserDto, UpdateUserDto } from '../identity/dto/user.dto';
import { ROLES } from '../identity/role';
import { UsersService } from '../identity/users.service';
import { ConsoleController } from './console.decorators';
import { TOKEN_RULES, USER_RULES } from './form-fields';
import { formFailureOf, secretField, textField, validateAs } from './console-forms';
import { CurrentSession, FormBody } from './console-request';
import { noticesFor } from './notices';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role }));

/** Users and API tokens: admins only (the guard's default), designers get the 403 page. */
@ConsoleController()
export class ConsoleAdminController {
  constructor(
    private readonly users: UsersService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  @Get('users')
  async listUsers(@Query('notice') notice: unknown, @Res() response: Response) {
    await this.renderUsers(response, 200, {
      notices: noticesFor(notice),
      values: { role: 'designer' },
    });
  }

  @Post('users')
  async createUser(@Body() body: FormBody, @Res() response: Response) {
    try {
      const dto = await validateAs(CreateUserDto, {
        username: textField(body, 'username') ?? '',
        password: secretField(body, 'password') ?? '',
        role: textField(body, 'role'),
      });
      const user = await this.users.createUser(dto);
      response.redirect(303, `/users/${user.id}?notice=user-created`);
    } catch (error) {
      const failure = formFailureOf(error, USER_RULES, body);
      await this.renderUsers(response, failure.status, { failure, values: body });
    }
  }

  @Get('users/:id')
  async showUser(
    @Param() { id }: UuidParamDto,
    @Query('notice') notice: unknown,
    @Res() response: Response,
  ) {
    await this.renderUser(response, id, 200, { notices: noticesFor(notice) });
  }

  @Post('users/:id')
  async updateUser(
    @Param() { id }: UuidParamDto,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    try {
      const settingPassword = body.intent === 'password';
      const dto = await validateAs(
        UpdateUserDto,
        settingPassword
          ? { password: secretField(body, 'password') ?? '' }
          : { role: textField(body, 'role') },
      );
      await this.users.updateUser(id, dto);
      response.redirect(
        303,
        `/users/${id}?notice=${settingPassword ? 'password-set' : 'user-saved'}`,
      );
    } catch (error) {
      const failure = formFailureOf(error, USER_RULES, body);
      await this.renderUser(response, id, failure.status, { failure });
    }
  }

  @Post('users/:id/delete')
  async deleteUser(
    @Param() { id }: UuidParamDto,
    @CurrentSession() session: BrowserSession,
    @Res() response: Response,
  ) {
    try {
      await this.users.deleteUser(id, session.identity.id);
      response.redirect(303, '/users?notice=user-deleted');
    } catch (error) {
      const failure = formFailureOf(error);
      await this.renderUser(response, id, failure.status, { failure });
    }
  }

  @Get('tokens')
  async listTokens(@Query('notice') notice: unknown, @Res() response: Response) {
    await this.renderTokens(response, 200, {
      notices: noticesFor(notice),
      values: { role: 'designer' },
    });
  }

  /** The new token is in this answer only (not stored, not in a redirect); the page says so. */
  @Post('tokens')
  async createToken(
    @Body() body: FormBody,
    @CurrentSession() session: BrowserSession,
    @Res() response: Response,
  ) {
    try {
      const dto = await validateAs(CreateApiTokenDto, {
        name: textField(body, 'name') ?? '',
        role: textField(body, 'role'),
      });
      const created = await this.apiTokens.createToken(dto, session.identity);
      await this.renderTokens(response, 201, { created, values: { role: 'designer' } });
    } catch (error) {
      const failure = formFailureOf(error, TOKEN_RULES, body);
      await this.renderTokens(response, failure.status, { failure, values: body });
    }
  }

  @Post('tokens/:id/delete')
  async revokeToken(@Param() { id }: UuidParamDto, @Res() response: Response) {
    await this.apiTokens.revokeToken(id);
    response.redirect(303, '/tokens?notice=token-revoked');
  }

  private async renderUsers(response: Response, status: number, model: Record<string, unknown>) {
    response.status(status).render('users/list.njk', {
      title: 'Users',
      nav: 'users',
      users: await this.users.listUsers(),
      roles: ROLE_OPTIONS,
      formRules: USER_RULES,
      ...model,
    });
  }

  private async renderUser(
    response: Response,
    id: string,
    status: number,
    model: Record<string, unknown>,
  ) {
    const user = await this.users.getUser(id);
    response.status(status).render('users/show.njk', {
      title: `User ${user.username}`,
      nav: 'users',
      user,
      roles: ROLE_OPTIONS,
      values: { role: user.role },
      formRules: USER_RULES,
      breadcrumbs: [{ label: 'Users', href: '/users' }, { label: user.username }],
      ...model,
    });
  }

  private async renderTokens(response: Response, status: number, model: Record<string, unknown>) {
    response.status(status).render('tokens/list.njk', {
      title: 'API tokens',
      nav: 'tokens',
      tokens: await this.apiTokens.listTokens(),
      roles: ROLE_OPTIONS,
      formRules: TOKEN_RULES,
      ...model,
    });
  }
}
