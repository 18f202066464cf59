// Vitest runs server modules outside Next; 'server-only' is a build-time guard, so it is empty here.
export {};
