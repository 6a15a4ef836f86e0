import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamDto } from '../common/uuid-param.dto';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { AliasesService } from './aliases.service';
import { AddConnectionDto, AddedConnectionDto } from './dto/add-connection.dto';
import { AliasDetailDto, AliasResponseDto } from './dto/alias-response.dto';
import { CreateAliasDto, UpdateAliasDto } from './dto/create-alias.dto';

@ApiTags('aliases')
@ApiBearerAuth()
@Controller('api/aliases')
export class AliasesController {
  constructor(private readonly aliases: AliasesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a parent alias, or a child alias with parentId (admin)' })
  createAlias(@Body() dto: CreateAliasDto): Promise<AliasDetailDto> {
    return this.aliases.createAlias(dto);
  }

  @Post(':id/connections')
  @ApiOperation({
    summary:
      'Add a connection to an alias (admin), optionally on a new child alias and with a new credential, in one transaction',
  })
  addConnection(
    @Param() { id }: UuidParamDto,
    @Body() dto: AddConnectionDto,
  ): Promise<AddedConnectionDto> {
    return this.aliases.addConnection(id, dto);
  }

  @Get()
  @AllowRoles(Role.Admin, Role.Designer)
  @ApiOperation({ summary: 'List aliases' })
  listAliases(): Promise<AliasResponseDto[]> {
    return this.aliases.listAliases();
  }

  @Get(':id')
  @AllowRoles(Role.Admin, Role.Designer)
  @ApiOperation({ summary: 'Show an alias with its connections and children' })
  getAlias(@Param() { id }: UuidParamDto): Promise<AliasDetailDto> {
    return this.aliases.getAlias(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an alias (admin)' })
  updateAlias(@Param() { id }: UuidParamDto, @Body() dto: UpdateAliasDto): Promise<AliasDetailDto> {
    return this.aliases.updateAlias(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an alias (admin); 409 while it has children or connections' })
  deleteAlias(@Param() { id }: UuidParamDto): Promise<void> {
    return this.aliases.deleteAlias(id);
  }
}
