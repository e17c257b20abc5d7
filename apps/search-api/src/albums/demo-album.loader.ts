import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AlbumPhotoEntity } from '#catalog';
import { AlbumConfig, CoreConfig } from '#config';
import { AlbumPhotosService } from './album-photos.service.js';
import { testSplitAlbumPhotos } from './demo-album.photos.js';
import { UsersService, type AlbumUser } from './users.service.js';

const TOKEN_FILE = 'demo-album-token';

/**
 * All-in-one only: a demo user whose album holds DEMO_ALBUM_PHOTOS phone
 * photos of Fashion-MNIST test-split garments. The user's token is kept
 * under DATA_DIR and printed at every start, so the /album page can sign in.
 * Photos are added in the background and the indexer embeds them as they
 * come; a seeding cut short by a shutdown carries on at the next start.
 */
@Injectable()
export class DemoAlbumLoader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DemoAlbumLoader.name);
  private stopping = false;
  seeding?: Promise<void>;

  constructor(
    private readonly users: UsersService,
    private readonly photos: AlbumPhotosService,
    private readonly dataSource: DataSource,
    private readonly core: CoreConfig,
    private readonly config: AlbumConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.demoPhotos === 0) return;
    const { user, token } = await this.demoUser();
    this.logger.log(`demo album user "${user.name}" (${user.id}): sign in at /album with the token ${token}`);
    this.seeding = this.seed(user).catch((error: unknown) =>
      this.logger.error(`demo album seeding failed: ${(error as Error).message}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.seeding;
  }

  /** The user whose token is stored under DATA_DIR, or a new one (first start, or a fresh database). */
  private async demoUser(): Promise<{ user: AlbumUser; token: string }> {
    const file = join(this.core.dataDir, TOKEN_FILE);
    const stored = await readFile(file, 'utf8').then(
      (s) => s.trim(),
      () => '',
    );
    const existing = stored ? await this.users.authenticate(stored) : undefined;
    if (existing) return { user: existing, token: stored };
    const created = await this.users.create('Demo album');
    await mkdir(this.core.dataDir, { recursive: true });
    await writeFile(file, `${created.token}\n`, { mode: 0o600 });
    return { user: created, token: created.token };
  }

  private async seed(user: AlbumUser): Promise<void> {
    const have = await this.dataSource.getRepository(AlbumPhotoEntity).countBy({ userId: user.id });
    const missing = this.config.demoPhotos - have;
    if (missing <= 0) return;
    this.logger.log(`adding ${missing} Fashion-MNIST test-split photos to the demo album in the background`);
    for await (const photo of testSplitAlbumPhotos(missing, undefined, have)) {
      if (this.stopping) return;
      await this.photos.upload(user, photo.bytes, new Date(photo.label.taken_at));
    }
    this.logger.log(`demo album complete: ${this.config.demoPhotos} photos`);
  }
}
