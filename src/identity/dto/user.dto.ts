import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Role, ROLES } from '../role';
import { OptionalField } from '../../common/validation';

const USERNAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$/;
const PASSWORD_LENGTH = { min: 12, max: 200 };
const passwordMessage = (field: string) =>
  `${field} must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters long`;

export class CreateUserDto {
  @ApiProperty({ example: 'jane.doe' })
  @IsString()
  @Matches(USERNAME_RULE, {
    message:
      'username must be 2 to 100 letters, digits or . _ @ -, starting with a letter or digit',
  })
  username: string;

  @ApiProperty({ writeOnly: true, minLength: PASSWORD_LENGTH.min })
  @IsString()
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max, { message: passwordMessage('password') })
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;
}

/** An admin changes a user's role, or sets a new password for them (which ends their sessions). */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @OptionalField()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ writeOnly: true, minLength: PASSWORD_LENGTH.min })
  @OptionalField()
  @IsString()
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max, { message: passwordMessage('password') })
  password?: string;
}

/** A signed-in user changes their own password. */
export class ChangePasswordDto {
  @IsString()
  @Length(1, PASSWORD_LENGTH.max, { message: 'currentPassword is required' })
  currentPassword: string;

  @IsString()
  @Length(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max, { message: passwordMessage('newPassword') })
  newPassword: string;
}

export class SignInDto {
  @IsString()
  @Length(1, 100, { message: 'username is required' })
  username: string;

  @IsString()
  @Length(1, PASSWORD_LENGTH.max, { message: 'password is required' })
  password: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'jane.doe' })
  username: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty()
  createdAt: string;
}
