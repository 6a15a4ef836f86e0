import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../identity/auth.decorators';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Status of the hub and its database (no token needed)' })
  async getHealth(): Promise<{ status: string; database: { type: string; status: string } }> {
    const type = this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException({
        message: 'The hub cannot reach its database',
        status: 'error',
        database: { type, status: 'down' },
      });
    }
    return { status: 'ok', database: { type, status: 'up' } };
  }
}
