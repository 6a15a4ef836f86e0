import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CurrentIdentity, Public } from '../identity/auth.decorators';
import type { HubIdentity } from '../identity/hub-identity';
import { renderCallbackPage } from './callback-page';
import { AddedSiteDto, AddSitesDto } from './dto/add-sites.dto';
import { AuthorizationStartedDto, StartAuthorizationDto } from './dto/start-authorization.dto';
import { CALLBACK_PATH, OAuthAuthorizationService } from './oauth-authorization.service';

@ApiTags('oauth')
@Controller()
export class OAuthController {
  constructor(private readonly authorization: OAuthAuthorizationService) {}

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
  @Get(CALLBACK_PATH.slice(1))
  @Public()
  @ApiExcludeEndpoint()
  async completeAuthorization(
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const outcome = await this.authorization.completeAuthorization(query);
    response
      .status(outcome.httpStatus)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        // The URL carried an authorization code: no referrer, no script, no framing.
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
        'X-Content-Type-Options': 'nosniff',
      })
      .send(renderCallbackPage(outcome));
  }
}
