import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthConfig, CoreConfig } from '#config';

const KEY_FILE = 'admin-api-key';

/**
 * Resolves the admin key: ADMIN_API_KEY when set; otherwise (all-in-one) the
 * key stored under DATA_DIR, generated on first start and printed so the
 * operator can use it. Distributed apps require ADMIN_API_KEY (see main.ts).
 */
@Injectable()
export class AdminKeyService implements OnModuleInit {
  private readonly logger = new Logger(AdminKeyService.name);
  private key?: Buffer;

  constructor(
    private readonly auth: AuthConfig,
    private readonly core: CoreConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.auth.adminApiKey) {
      this.key = Buffer.from(this.auth.adminApiKey);
      return;
    }
    const file = join(this.core.dataDir, KEY_FILE);
    let key = await readFile(file, 'utf8').then(
      (s) => s.trim(),
      () => '',
    );
    if (!key) {
      key = randomBytes(24).toString('base64url');
      await mkdir(this.core.dataDir, { recursive: true });
      await writeFile(file, `${key}\n`, { mode: 0o600 });
    }
    this.key = Buffer.from(key);
    this.logger.log(`ADMIN_API_KEY is unset; using the key stored in ${file}: ${key}`);
  }

  /** A secret for `purpose` (e.g. signing page cursors), the same on every instance that shares the key. */
  derive(purpose: string): Buffer {
    if (!this.key) throw new Error('the admin key is not loaded yet');
    return createHmac('sha256', this.key).update(purpose).digest();
  }

  /** Constant-time comparison, so response timing does not leak the key. */
  matches(candidate: string): boolean {
    if (!this.key) return false;
    const given = Buffer.from(candidate);
    return given.length === this.key.length && timingSafeEqual(given, this.key);
  }
}
