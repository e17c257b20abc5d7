import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * A Kafka broker of its own for the chaos run, through the project's
 * infra/kafka scripts on other ports and another data folder, so restarting
 * it disturbs no one else's broker (tests and other runs use 127.0.0.1:9092).
 */
export class ChaosBroker {
  constructor(
    readonly port: number,
    private readonly controllerPort: number,
    private readonly dataDir: string,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** infra/kafka/start.sh; `fresh` wipes the topics of an earlier run first. */
  start(fresh: boolean): Promise<void> {
    return this.script('start.sh', fresh ? ['--fresh'] : []);
  }

  stop(): Promise<void> {
    return this.script('stop.sh', []);
  }

  private async script(name: string, args: string[]): Promise<void> {
    const child = spawn('bash', [`infra/kafka/${name}`, ...args], {
      env: {
        ...process.env,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_DATA_DIR: this.dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`infra/kafka/${name} exited ${code}:\n${output}`);
  }
}
