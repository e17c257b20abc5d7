import { Module } from '@nestjs/common';
import { GenerateController } from './generate.controller.js';

/**
 * The generator's HTTP routes over GeneratorPort: in the generator app and
 * the all-in-one the model runs in process; in a distributed search-api the
 * same routes forward to GENERATOR_URL. Hosts bind the port (HostSpec.generator).
 */
@Module({ controllers: [GenerateController] })
export class GeneratorModule {}
