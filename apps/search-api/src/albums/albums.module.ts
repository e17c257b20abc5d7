import { Module } from '@nestjs/common';
import { AlbumCollection } from './album-collection.js';
import { AlbumHubness } from './album-hubness.js';
import { AlbumPhotosController } from './album-photos.controller.js';
import { AlbumPhotosService } from './album-photos.service.js';
import { AlbumSearchController } from './album-search.controller.js';
import { AlbumSearchService } from './album-search.service.js';
import { AlbumSyncController } from './album-sync.controller.js';
import { AlbumWebController } from './album-web.controller.js';
import { AlbumSyncService } from './album-sync.service.js';
import { UserTokenGuard } from './user-token.guard.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Private photo albums: users and their tokens, photos, album search and device sync. Needs the encoder and vector store. */
@Module({
  controllers: [
    UsersController,
    AlbumPhotosController,
    AlbumSearchController,
    AlbumSyncController,
    AlbumWebController,
  ],
  providers: [
    UsersService,
    UserTokenGuard,
    AlbumPhotosService,
    AlbumCollection,
    AlbumHubness,
    AlbumSearchService,
    AlbumSyncService,
  ],
  exports: [UsersService, AlbumPhotosService, AlbumCollection],
})
export class AlbumsModule {}
