import { Get, Render } from '@nestjs/common';
import { AllowRoles } from '../identity/auth.decorators';
import { Role } from '../identity/role';
import { ConsoleController } from './console.decorators';
import { Dashboard, DashboardService } from './dashboard.service';

@ConsoleController()
@AllowRoles(Role.Admin, Role.Designer)
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @Render('dashboard.njk')
  async showDashboard(): Promise<Dashboard & { title: string; nav: string }> {
    return { title: 'Dashboard', nav: 'dashboard', ...(await this.dashboard.getDashboard()) };
  }
}
