// The framework-free core: validated props in, plain Kubernetes objects out.
export * from './core';
