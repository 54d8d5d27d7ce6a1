import type { ResourceTable } from "./types.js";

/**
 * The client's resources as data: each method is one line naming the spec's operationId; the
 * generated `operationTable` says its method, path, input and which tokens it accepts, and
 * `buildResources` turns each line into a typed method. A new operation is a new line here.
 *
 * A leaf is an operationId (one call, one answer) or an operationId with a way of answering:
 * `nextUrl` walks pages by the answer's `next` URL, `cursorParam` walks an execute list
 * action by `params.cursor`, `bytes` hands over the raw answer.
 */
export const RESOURCES = {
  connectors: {
    list: "listConnectors",
    create: "createConnector",
    checkConfig: "checkConnectorConfig",
    get: "getConnector",
    update: "updateConnector",
    delete: "deleteConnector",
    check: "checkConnector",
    execute: "executeConnector",
    executePages: { operation: "executeConnector", answer: "cursorParam" },
    download: { operation: "executeConnector", answer: "bytes" },
    inspect: "inspectConnector",
    initiateOAuth: "initiateConnectorOAuth",
  },
  workspaces: {
    list: { operation: "listWorkspaces", answer: "nextUrl", items: "data" },
    stats: "getWorkspaceStats",
    get: "getWorkspace",
    update: "updateWorkspace",
    delete: "deleteWorkspace",
  },
  definitions: {
    // Listed by `client.listSourceDefinitions()`, which answers the definitions themselves.
    sources: { get: "getSourceDefinition" },
    destinations: { list: "listDestinationDefinitions", get: "getDestinationDefinition" },
  },
  templates: {
    sources: {
      list: "listSourceTemplates",
      create: "createSourceTemplate",
      get: "getSourceTemplate",
      update: "updateSourceTemplate",
      delete: "deleteSourceTemplate",
    },
    connections: {
      list: "listConnectionTemplates",
      create: "createConnectionTemplate",
      get: "getConnectionTemplate",
      update: "updateConnectionTemplate",
      delete: "deleteConnectionTemplate",
      describeCron: "describeCronExpression",
    },
  },
  skills: {
    list: "listSkills",
    search: "searchSkills",
    docs: "getSkillDocs",
  },
  oauthCredentials: {
    set: "setOAuthCredentials",
    delete: "deleteOAuthCredentials",
  },
} as const satisfies ResourceTable;
