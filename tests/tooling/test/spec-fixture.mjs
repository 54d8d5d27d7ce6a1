// A small OpenAPI 3.1 document: one operation with a request body of one required and one
// optional field, and a second operation to remove.
export function smallSpec() {
  const widget = {
    type: "object",
    additionalProperties: false,
    required: ["name"],
    properties: { name: { type: "string" }, colour: { type: "string" } },
  };
  const ok = {
    description: "OK",
    content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } } },
  };
  return {
    openapi: "3.1.0",
    info: { title: "Fixture", version: "1.0.0" },
    paths: {
      "/widgets": {
        post: {
          operationId: "createWidget",
          requestBody: { required: true, content: { "application/json": { schema: widget } } },
          responses: { 200: ok },
        },
      },
      "/widgets/count": { get: { operationId: "countWidgets", responses: { 200: ok } } },
    },
  };
}

export const widgetBody = (spec) =>
  spec.paths["/widgets"].post.requestBody.content["application/json"].schema;

/** smallSpec plus `GET /widgets/{id}`, whose answer (a shared schema) has an `id` of `idSchema`. */
export function withAnswer(idSchema) {
  const spec = smallSpec();
  spec.components = {
    schemas: { Answer: { type: "object", required: ["id"], properties: { id: idSchema } } },
  };
  spec.paths["/widgets/{id}"] = {
    get: {
      operationId: "getWidget",
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        200: {
          description: "OK",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Answer" } } },
        },
      },
    },
  };
  return spec;
}
