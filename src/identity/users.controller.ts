import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamDto } from '../common/uuid-param.dto';
import { CreateUserDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { UsersService } from './users.service';

/** Console users, for admins who run the hub with HUB_ADMIN_TOKEN and no first `admin` user. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a console user (admin)' })
  createUser(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.createUser(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List console users (admin)' })
  listUsers(): Promise<UserResponseDto[]> {
    return this.users.listUsers();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Show a console user (admin)' })
  getUser(@Param() { id }: UuidParamDto): Promise<UserResponseDto> {
    return this.users.getUser(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      "Change a user's role or set a new password (admin); a new password ends their sessions",
  })
  updateUser(@Param() { id }: UuidParamDto, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.users.updateUser(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a console user (admin); 409 for the last admin' })
  deleteUser(@Param() { id }: UuidParamDto): Promise<void> {
    return this.users.deleteUser(id);
  }
}
