import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { UuidParamDto } from '../common/uuid-param.dto';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { ConnectionTesterService } from './connection-tester.service';
import { ConnectionsService } from './connections.service';
import {
  ConnectionResponseDto,
  ConnectionTestResultDto,
  UpdatedConnectionResponseDto,
} from './dto/connection-response.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { DiscoverSiteDto, DiscoveredSiteDto } from './dto/discover-site.dto';
import { ListConnectionsQueryDto } from './dto/list-connections-query.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';
import { SiteDiscoveryService } from './site-discovery.service';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('api/connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly tester: ConnectionTesterService,
    private readonly discovery: SiteDiscoveryService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a connection (admin)' })
  createConnection(@Body() dto: CreateConnectionDto): Promise<ConnectionResponseDto> {
    return this.connections.createConnection(dto);
  }

  @Get()
  @AllowRoles(Role.Admin, Role.Designer)
  @ApiOperation({ summary: 'List connections' })
  @ApiQuery({ name: 'aliasId', required: false })
  listConnections(@Query() query: ListConnectionsQueryDto): Promise<ConnectionResponseDto[]> {
    return this.connections.listConnections(query.aliasId);
  }

  @Post('discover')
  @HttpCode(200)
  @ApiOperation({ summary: "Find a site's cloud id and connection URL from its name (admin)" })
  discoverSite(@Body() dto: DiscoverSiteDto): Promise<DiscoveredSiteDto> {
    return this.discovery.discoverSite(dto.site);
  }

  @Get(':id')
  @AllowRoles(Role.Admin, Role.Designer)
  @ApiOperation({ summary: 'Show a connection' })
  getConnection(@Param() { id }: UuidParamDto): Promise<ConnectionResponseDto> {
    return this.connections.getConnection(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      "Change a connection (admin); without scopes, the spoke's defaults come back (not when only attributes are sent)",
  })
  updateConnection(
    @Param() { id }: UuidParamDto,
    @Body() dto: UpdateConnectionDto,
  ): Promise<UpdatedConnectionResponseDto> {
    return this.connections.updateConnection(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a connection (admin)' })
  deleteConnection(@Param() { id }: UuidParamDto): Promise<void> {
    return this.connections.deleteConnection(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call /rest/api/3/myself through the connection (admin)' })
  testConnection(@Param() { id }: UuidParamDto): Promise<ConnectionTestResultDto> {
    return this.tester.testConnection(id);
  }
}
