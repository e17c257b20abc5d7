import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AdminOnly } from '#http';
import { CreateUserDto, CreatedUserDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('albums')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create an album owner; the response holds their bearer token, shown once' })
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid field (named)' })
  async create(@Body() body: CreateUserDto): Promise<CreatedUserDto> {
    const user = await this.users.create(body.name);
    return { id: user.id, name: user.name, token: user.token, created_at: user.createdAt.toISOString() };
  }
}
