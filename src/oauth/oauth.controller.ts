import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CurrentIdentity, Public } from '../identity/auth.decorators';
import { BrowserSessionsService } from '../identity/browser-sessions.service';
import type { HubIdentity } from '../identity/hub-identity';
import { CONSOLE_CALLBACK_VIEW, consoleCallbackModel, renderCallbackPage } from './callback-page';
import { AddedSiteDto, AddSitesDto } from './dto/add-sites.dto';
import { AuthorizationStartedDto, StartAuthorizationDto } from './dto/start-authorization.dto';
import { CALLBACK_PATH, OAuthAuthorizationService } from './oauth-authorization.service';

@ApiTags('oauth')
@Controller()
export class OAuthController {
  constructor(
    private readonly authorization: OAuthAuthorizationService,
    private readonly browserSessions: BrowserSessionsService,
  ) {}

  @Post('api/connections/:id/oauth/authorize')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Save and Get OAuth Token: the Atlassian consent URL (admin)' })
  startAuthorization(
    @Param() { id }: UuidParamDto,
    @Body() dto: StartAuthorizationDto,
    @CurrentIdentity() identity: HubIdentity,
  ): Promise<AuthorizationStartedDto> {
    return this.authorization.startAuthorization(id, identity, { returnTo: dto.returnTo });
  }

  @Post('api/connections/:id/oauth/sites')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "A child alias and connection per other site of the connection's grant (admin)",
  })
  addSites(@Param() { id }: UuidParamDto, @Body() dto: AddSitesDto): Promise<AddedSiteDto[]> {
    return this.authorization.addSites(id, dto.cloudIds);
  }

  // Atlassian sends the admin's browser here, without a hub token: the state is the credential.
  // The console's SameSite=Lax session cookie comes along (a top-level navigation), so a browser
  // signed in to the console is known: a flow another user started is refused, and the page is
  // the console's. Flows started over the API may end in a browser without a session.
  @Get(CALLBACK_PATH.slice(1))
  @Public()
  @ApiExcludeEndpoint()
  async completeAuthorization(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const session = await this.browserSessions.identifyBrowser(request);
    const outcome = await this.authorization.completeAuthorization(query, session?.identity);
    // The URL carried an authorization code: no referrer, not even to the hub's own stylesheet.
    response.status(outcome.httpStatus).set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    if (session) {
      return response.render(CONSOLE_CALLBACK_VIEW, consoleCallbackModel(outcome, session));
    }
    response
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      })
      .send(renderCallbackPage(outcome));
  }
}
