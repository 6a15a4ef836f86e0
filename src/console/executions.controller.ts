import { Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ActionCatalog } from '../actions/action-catalog';
import { AliasesService } from '../aliases/aliases.service';
import { ConnectionsService } from '../connections/connections.service';
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
    private readonly aliases: AliasesService,
    private readonly connections: ConnectionsService,
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
    const aliases = await this.aliases.listAliases();
    const model = {
      title: 'Executions',
      // Executions keep the alias's name as it was called: a renamed or deleted alias stays listed.
      aliasOptions: [
        { value: '', label: 'Any alias' },
        ...aliases.map((alias) => ({ value: alias.name, label: alias.name })),
        ...(filters.alias && !aliases.some((alias) => alias.name === filters.alias)
          ? [{ value: filters.alias, label: filters.alias }]
          : []),
      ],
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
      const [errors, connectionNames] = await Promise.all([
        this.executions.errorMessagesOf(page.items.map((item) => item.id)),
        this.connections.namesOf(
          page.items.flatMap((item) => (item.connectionId ? [item.connectionId] : [])),
        ),
      ]);
      const aliasIds = new Map(aliases.map((alias) => [alias.name, alias.id]));
      const link = (offset: number) =>
        `/executions?${new URLSearchParams({ ...dropUndefined(filters), offset: String(offset) } as Record<string, string>).toString()}`;
      const hasNewer = page.offset > 0;
      // Whether a page follows is known for certain; the total may be an estimate.
      const hasOlder = page.nextCursor !== null;
      response.render('executions/list.njk', {
        ...model,
        page,
        rows: page.items.map((execution) => ({
          execution,
          aliasId: aliasIds.get(execution.alias),
          connectionName: execution.connectionId
            ? connectionNames.get(execution.connectionId)
            : undefined,
          error: errors.get(execution.id),
        })),
        from: page.total === 0 ? 0 : page.offset + 1,
        until: page.offset + page.items.length,
        pageNumber: Math.floor(page.offset / PAGE_SIZE) + 1,
        pages: Math.max(1, Math.ceil(page.total / PAGE_SIZE)),
        first: hasNewer ? link(0) : undefined,
        previous: hasNewer ? link(Math.max(0, page.offset - PAGE_SIZE)) : undefined,
        next: hasOlder ? link(page.offset + PAGE_SIZE) : undefined,
      });
    } catch (error) {
      const failure = formFailureOf(error);
      response.status(failure.status).render('executions/list.njk', { ...model, failure });
    }
  }

  @Get(':id')
  async showExecution(@Param() { id }: UuidParamDto, @Res() response: Response) {
    const execution = await this.executions.getExecution(id);
    const [aliases, connectionNames] = await Promise.all([
      this.aliases.listAliases(),
      this.connections.namesOf(execution.connectionId ? [execution.connectionId] : []),
    ]);
    response.render('executions/show.njk', {
      title: `Execution of ${execution.action}`,
      nav: 'executions',
      execution,
      aliasId: aliases.find((alias) => alias.name === execution.alias)?.id,
      connectionName: execution.connectionId
        ? connectionNames.get(execution.connectionId)
        : undefined,
      // Only an action the catalog still has can be run again.
      canRunAgain: this.catalog.listActions().some((action) => action.name === execution.action),
      breadcrumbs: [{ label: 'Executions', href: '/executions' }, { label: execution.id }],
    });
  }
}

function asUtc(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00Z` : value;
}
