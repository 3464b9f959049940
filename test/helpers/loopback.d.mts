export interface Load {
  port: number;
  leakyPort: number;
  close(): Promise<void>;
}
export function openLoad(spec: { host: string; established?: number; timeWait?: number; closeWait?: number }): Promise<Load>;
