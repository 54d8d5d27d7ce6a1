export interface SpecOperation {
  method: string;
  path: string;
  // The bundled document is plain data read from YAML.
  operation: Record<string, any>;
  parameters: Record<string, any>[];
  success?: string;
}
export declare function loadBundledSpec(path?: string): Promise<Record<string, any>>;
export declare function listOperations(document: Record<string, any>): SpecOperation[];
