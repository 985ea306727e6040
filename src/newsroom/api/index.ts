// The Content API (public, read-only), the Admin API (scoped tokens) and its OpenAPI document, under /api/v1;
// the token pages under /redaktion/api. Part of the newsroom, whose feature mounts these routes and commands.
import type { Route } from '../../kernel/index.ts';
import type { NewsroomApp } from '../context.ts';
import { adminApiRoutes } from './admin.ts';
import { API_HELP, runApi } from './commands.ts';
import { contentRoutes } from './content.ts';
import { apiJson, PUBLIC_CACHE } from './json.ts';
import { openApiDocument } from './openapi.ts';
import { apiStaffRoutes } from './staff-routes.ts';

export { webhookFanOut, webhookJobs } from './webhooks.ts';

export function apiRoutes(app: NewsroomApp): Route[] {
  return [
    ...contentRoutes(app),
    {
      method: 'GET',
      path: /^\/api\/v1\/openapi\.json$/,
      handle: () => Promise.resolve(apiJson(200, openApiDocument(app.config.baseUrl), PUBLIC_CACHE)),
    },
    ...adminApiRoutes(app),
    ...apiStaffRoutes(app),
  ];
}

export const apiCommand = { help: API_HELP, run: (app: NewsroomApp, args: string[]) => runApi(app, args) };
