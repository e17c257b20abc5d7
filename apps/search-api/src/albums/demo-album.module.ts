import { Module } from '@nestjs/common';
import { AlbumsModule } from './albums.module.js';
import { DemoAlbumLoader } from './demo-album.loader.js';

/** All-in-one only (through DemoModule): seeds the demo user's album. */
@Module({ imports: [AlbumsModule], providers: [DemoAlbumLoader] })
export class DemoAlbumModule {}
