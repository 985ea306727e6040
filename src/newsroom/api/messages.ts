// The API pages' strings, German first.
export const apiMessages = {
  de: {
    title: 'API-Zugänge',
    intro:
      'Zugänge für Integrationen (Admin-API). Ein neuer Zugang wird genau einmal angezeigt; gespeichert wird nur sein Hash.',
    docs: 'Beschreibung der API (OpenAPI 3.1)',
    name: 'Name',
    scopes: 'Rechte',
    created: 'Erstellt',
    lastUsed: 'Zuletzt benutzt',
    never: 'nie',
    revoked: 'widerrufen',
    revoke: 'Widerrufen',
    add: 'Zugang erstellen',
    newToken: 'Neuer Zugang – jetzt kopieren, er wird nicht noch einmal angezeigt:',
    none: 'Noch keine Zugänge.',
  },
  en: {
    title: 'API tokens',
    intro: 'Tokens for integrations (Admin API). A new token is shown exactly once; only its hash is stored.',
    docs: 'API description (OpenAPI 3.1)',
    name: 'Name',
    scopes: 'Scopes',
    created: 'Created',
    lastUsed: 'Last used',
    never: 'never',
    revoked: 'revoked',
    revoke: 'Revoke',
    add: 'Create token',
    newToken: 'New token – copy it now, it will not be shown again:',
    none: 'No tokens yet.',
  },
} as const;
