// What a benchmark ran on, printed beside every figure: numbers from another
// machine or another commit are not comparable.
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  commit: string;
}

export function machineInfo(): MachineInfo {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    /* not a git checkout */
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    commit,
  };
}

export function machineLine(info: MachineInfo = machineInfo()): string {
  return `machine: ${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB; node ${info.node}; commit ${info.commit}`;
}
