import openapiTS, { astToString } from 'openapi-typescript';
import { adminApiDocument } from '../../src/http/admin-api/actions-table.js';

const HEADER = `// Generated from the admin API's OpenAPI document; do not edit.
// node --import tsx scripts/console-api-types.ts --write
`;

/** The console's typed view of the admin API (openapi-typescript), from the route declarations. */
export async function consoleApiTypes(): Promise<string> {
  const document = await adminApiDocument();
  const ast = await openapiTS(document as never, { alphabetize: true });
  return HEADER + astToString(ast);
}
