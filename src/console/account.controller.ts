import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HubConfig } from '../config/hub-config';
import { AllowRoles } from '../identity/auth.decorators';
import { BrowserSessionsService, BrowserSession } from '../identity/browser-sessions.service';
import { ChangePasswordDto } from '../identity/dto/user.dto';
import { Role } from '../identity/role';
import {
  isServedOverHttps,
  sessionCookieName,
  sessionCookieOptions,
} from '../identity/session-cookie';
import { UsersService } from '../identity/users.service';
import { ConsoleController } from './console.decorators';
import { PASSWORD_RULES } from './form-fields';
import { renderFormFailure, secretField, validateAs } from './console-forms';
import { AllowedBeforePasswordChange, CurrentSession, FormBody } from './console-request';

const VIEW = 'account.njk';

/** What every signed-in user may do to their own account. */
@ConsoleController()
@AllowRoles(Role.Admin, Role.Designer)
@AllowedBeforePasswordChange()
export class AccountController {
  constructor(
    private readonly sessions: BrowserSessionsService,
    private readonly users: UsersService,
    private readonly config: HubConfig,
  ) {}

  @Post('sign-out')
  async signOut(
    @CurrentSession() session: BrowserSession,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.sessions.endSession(session.id);
    const secure = isServedOverHttps(request, this.config.publicUrl);
    response.clearCookie(sessionCookieName(secure), sessionCookieOptions(secure));
    response.redirect(303, '/sign-in?signedOut=1');
  }

  @Get('account')
  showAccount(@Query('notice') notice: unknown, @Res() response: Response): void {
    response.render(VIEW, {
      title: 'Your account',
      nav: 'account',
      formRules: PASSWORD_RULES,
      notices:
        notice === 'password-changed'
          ? [{ text: 'Your password was changed. Your other sessions were signed out.' }]
          : [],
    });
  }

  /** Where the console sends a user who must choose a new password (the generated first admin). */
  @Get('account/password')
  showChangePassword(@CurrentSession() session: BrowserSession, @Res() response: Response): void {
    response.render(VIEW, this.changePasswordModel(session));
  }

  @Post('account/password')
  async changePassword(
    @CurrentSession() session: BrowserSession,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const dto = await validateAs(ChangePasswordDto, {
        currentPassword: secretField(body, 'currentPassword') ?? '',
        newPassword: secretField(body, 'newPassword') ?? '',
      });
      await this.users.changeOwnPassword(session.identity.id, session.id, dto);
      response.redirect(303, '/account?notice=password-changed');
    } catch (error) {
      renderFormFailure(response, VIEW, this.changePasswordModel(session), error, body);
    }
  }

  private changePasswordModel(session: BrowserSession): Record<string, unknown> {
    const model = session.mustChangePassword
      ? {
          title: 'Choose a new password',
          nav: 'account',
          mustChangePassword: true,
          notices: [
            {
              text: 'The password you signed in with was generated when the hub first started. Choose a new one to use the console.',
            },
          ],
        }
      : { title: 'Your account', nav: 'account' };
    return { ...model, formRules: PASSWORD_RULES };
  }
}
