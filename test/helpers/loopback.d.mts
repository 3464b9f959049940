export interface Load {
  port: number;
  leakyPort: number;
  /** the local port of every client socket the load opened */
  clientPorts: number[];
  close(): Promise<void>;
}
export function openLoad(spec: { host: string; established?: number; timeWait?: number; closeWait?: number }): Promise<Load>;
