import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamDto } from '../common/uuid-param.dto';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { ExecutionDetailDto, ExecutionPageDto } from './dto/execution-response.dto';
import { ListExecutionsQueryDto } from './dto/list-executions-query.dto';
import { ExecutionsService } from './executions.service';

@ApiTags('executions')
@ApiBearerAuth()
@Controller('api/executions')
@AllowRoles(Role.Admin, Role.Designer)
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Execution history, newest first (filters: action, alias, status, requestId, from, to)',
    description:
      'Pages by offset, or by cursor (the nextCursor of the previous page: the page starts after ' +
      'that execution). total is counted up to 10,000 matches and estimated above ' +
      '(totalExact: false) unless total=exact is given.',
  })
  listExecutions(@Query() query: ListExecutionsQueryDto): Promise<ExecutionPageDto> {
    return this.executions.listExecutions(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One execution with its upstream calls (redacted)' })
  getExecution(@Param() { id }: UuidParamDto): Promise<ExecutionDetailDto> {
    return this.executions.getExecution(id);
  }
}
