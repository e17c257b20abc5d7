import { Module } from '@nestjs/common';
import { SearchModule } from '../search/search.module.js';
import { AssistantController } from './assistant.controller.js';
import { ShopAssistantService } from './shop-assistant.service.js';

/**
 * POST /v1/generate/query: plan, search, grounded answer. Lives with search
 * (it runs searches); the model behind GeneratorPort runs in process or at
 * GENERATOR_URL.
 */
@Module({
  imports: [SearchModule],
  controllers: [AssistantController],
  providers: [ShopAssistantService],
})
export class AssistantModule {}
