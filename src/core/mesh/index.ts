export * from './access-logging';
export * from './istio-settings';
