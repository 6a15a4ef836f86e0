import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamDto } from '../common/uuid-param.dto';
import { ApiTokensService } from './api-tokens.service';
import { CurrentIdentity } from './auth.decorators';
import { ApiTokenResponseDto, CreatedApiTokenDto } from './dto/api-token-response.dto';
import { CreateApiTokenDto } from './dto/create-api-token.dto';
import type { HubIdentity } from './hub-identity';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/tokens')
export class ApiTokensController {
  constructor(private readonly apiTokens: ApiTokensService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API token (admin); the token is in this answer only' })
  createApiToken(
    @Body() dto: CreateApiTokenDto,
    @CurrentIdentity() identity: HubIdentity,
  ): Promise<CreatedApiTokenDto> {
    return this.apiTokens.createToken(dto, identity);
  }

  @Get()
  @ApiOperation({ summary: 'List API tokens (admin), without the tokens themselves' })
  listApiTokens(): Promise<ApiTokenResponseDto[]> {
    return this.apiTokens.listTokens();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token (admin)' })
  revokeApiToken(@Param() { id }: UuidParamDto): Promise<void> {
    return this.apiTokens.revokeToken(id);
  }
}
