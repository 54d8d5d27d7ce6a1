/** Where the page's browser asks for a widget token. */
export const WIDGET_TOKEN_ROUTE = "/api/widget-token";
