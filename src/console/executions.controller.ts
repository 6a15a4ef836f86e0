import { Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ActionCatalog } from '../actions/action-catalog';
import { UuidParamDto } from '../common/uuid-param.dto';
import { ListExecutionsQueryDto } from '../executions/dto/list-executions-query.dto';
import { ExecutionsService } from '../executions/executions.service';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { ConsoleController } from './console.decorators';
import { formFailureOf, integerField, textField, validateAs } from './console-forms';
import type { FormBody } from './console-request';
import { dropUndefined } from './credential-form';

const PAGE_SIZE = 25;

@ConsoleController('executions')
@AllowRoles(Role.Admin, Role.Designer)
export class ConsoleExecutionsController {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly catalog: ActionCatalog,
  ) {}

  /** Filters are a GET form, so a filtered page can be bookmarked and shared. */
  @Get()
  async listExecutions(@Query() query: FormBody, @Res() response: Response) {
    const filters = {
      action: textField(query, 'action'),
      alias: textField(query, 'alias'),
      status: textField(query, 'status'),
      from: textField(query, 'from'),
      to: textField(query, 'to'),
    };
    const model = {
      title: 'Executions',
      nav: 'executions',
      values: filters,
      actionOptions: [
        { value: '', label: 'Any action' },
        ...this.catalog.listActions().map((action) => ({ value: action.name, label: action.name })),
      ],
      statusOptions: [
        { value: '', label: 'Any status' },
        { value: 'success', label: 'Success' },
        { value: 'error', label: 'Error' },
      ],
    };
    try {
      const dto = await validateAs(
        ListExecutionsQueryDto,
        dropUndefined({
          ...filters,
          // datetime-local inputs carry no zone: the form says they are UTC.
          from: filters.from && asUtc(filters.from),
          to: filters.to && asUtc(filters.to),
          limit: PAGE_SIZE,
          offset: integerField(query, 'offset'),
        }),
      );
      const page = await this.executions.listExecutions(dto);
      const link = (offset: number) =>
        `/executions?${new URLSearchParams({ ...dropUndefined(filters), offset: String(offset) } as Record<string, string>).toString()}`;
      response.render('executions/list.njk', {
        ...model,
        page,
        from: page.total === 0 ? 0 : page.offset + 1,
        until: page.offset + page.items.length,
        previous: page.offset > 0 ? link(Math.max(0, page.offset - PAGE_SIZE)) : undefined,
        // Whether a page follows is known for certain; the total may be an estimate.
        next: page.nextCursor ? link(page.offset + PAGE_SIZE) : undefined,
      });
    } catch (error) {
      const failure = formFailureOf(error);
      response.status(failure.status).render('executions/list.njk', { ...model, failure });
    }
  }

  @Get(':id')
  async showExecution(@Param() { id }: UuidParamDto, @Res() response: Response) {
    const execution = await this.executions.getExecution(id);
    response.render('executions/show.njk', {
      title: `Execution of ${execution.action}`,
      nav: 'executions',
      execution,
      breadcrumbs: [{ label: 'Executions', href: '/executions' }, { label: execution.id }],
    });
  }
}

function asUtc(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
}
