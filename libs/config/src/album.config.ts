import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { loadConfig, type Env } from './load-config.js';

class AlbumEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5_000) ALBUM_SYNC_PAGE: number = 500;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000) DEMO_ALBUM_PHOTOS: number = 300;
}

/** Private photo albums and device sync. */
export class AlbumConfig {
  /** Most changes one sync page carries (and the default when a device does not ask for fewer). */
  readonly syncPage: number;
  /** Photos in the all-in-one demo user's album (Fashion-MNIST test split); 0 seeds no demo user. */
  readonly demoPhotos: number;

  constructor(env: Env = process.env) {
    const e = loadConfig('album', AlbumEnv, env);
    this.syncPage = e.ALBUM_SYNC_PAGE;
    this.demoPhotos = e.DEMO_ALBUM_PHOTOS;
  }
}
